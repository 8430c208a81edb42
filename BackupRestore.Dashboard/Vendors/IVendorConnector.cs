using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;

namespace BackupRestore.Dashboard.Vendors;

/// <summary>
/// Everything the dashboard needs from one vendor system. A new system plugs in by registering one of these
/// (keyed by <see cref="System"/>); pollers, change detection, push, actions and the API stay untouched.
/// </summary>
public interface IVendorConnector
{
    /// <summary>The system name used in configuration and the API: nsx, vcenter, geminidb, cse, cbr.</summary>
    string System { get; }

    /// <summary>
    /// Reads the target and returns every operation it has now (content only; the store stamps times), with the
    /// panels that auxiliary calls could not fill. Throws only when the target's primary status cannot be read.
    /// </summary>
    Task<TargetRead> PollAsync(TargetOptions target, CancellationToken cancellationToken);

    /// <summary>Performs one action the operation offers. Vendor errors surface as <see cref="VendorException"/>.</summary>
    Task<ActionResultInfo> ExecuteAsync(TargetOptions target, Operation operation, ActionInput input, CancellationToken cancellationToken);

    /// <summary>Checks the configuration keys this system needs; each message names the key and says what to fix.</summary>
    IEnumerable<string> Validate(TargetOptions target, string key);

    /// <summary>How an action is labelled and whether it needs confirmation.</summary>
    ActionSpec Describe(string action);

    /// <summary>The component that renders the vendor-specific part of a card (instructions, action forms), or null.</summary>
    Type? CardBody { get; }
}

/// <summary>An action's face on a card. <paramref name="HasForm"/>: the vendor card body renders its own form.</summary>
public sealed record ActionSpec(string Name, string Label, bool Destructive, string? Confirmation = null, bool HasForm = false);

/// <summary>What an operator sent with an action: a JSON body (API) or form fields (browser).</summary>
public sealed record ActionInput(string Action, System.Text.Json.JsonElement? Json, IReadOnlyDictionary<string, string[]> Fields)
{
    public static ActionInput Of(string action) => new(action, null, new Dictionary<string, string[]>());

    public string? Field(string name) => Fields.TryGetValue(name, out var values) && values.Length > 0 ? values[0] : null;

    public IReadOnlyList<string> FieldValues(string name) => Fields.TryGetValue(name, out var values) ? values : [];

    /// <summary>A string from the JSON body (API) or the form field of the same name (browser).</summary>
    public string? Value(string name) => Json is { ValueKind: System.Text.Json.JsonValueKind.Object } json && json.TryGetProperty(name, out var v)
        ? v.ValueKind == System.Text.Json.JsonValueKind.String ? v.GetString() : v.GetRawText()
        : Field(name);

    /// <summary>A checkbox (form: present = true) or a JSON boolean.</summary>
    public bool? Flag(string name) => Json is { ValueKind: System.Text.Json.JsonValueKind.Object } json
        ? json.TryGetProperty(name, out var v) && v.ValueKind is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False ? v.GetBoolean() : null
        : Fields.ContainsKey(name) ? Field(name) is not ("false" or "off") : null;

    /// <summary>Fields that are secrets by name: never echoed, logged or used as keys.</summary>
    public static bool IsSecret(string field) => field.Contains("password", StringComparison.OrdinalIgnoreCase);
}
