namespace BackupRestore.Dashboard.Features.Operations;

/// <summary>The page's filter, from the query string (<c>?system=nsx&amp;state=failed,suspended&amp;target=east</c>).</summary>
public sealed record OperationFilter(IReadOnlySet<string> Systems, IReadOnlySet<string> States, string? Target)
{
    public static OperationFilter From(string[]? systems, string[]? states, string? target) => new(
        Split(systems),
        Split(states),
        string.IsNullOrWhiteSpace(target) ? null : target.Trim());

    public bool IsEmpty => Systems.Count == 0 && States.Count == 0 && Target is null;

    public bool Matches(Operation operation) =>
        (Systems.Count == 0 || Systems.Contains(operation.System))
        && (States.Count == 0 || States.Contains(operation.State.ToString().ToLowerInvariant()))
        && (Target is null || operation.Target.Contains(Target, StringComparison.OrdinalIgnoreCase));

    private static HashSet<string> Split(string[]? values) => (values ?? [])
        .SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        .Select(v => v.ToLowerInvariant())
        .ToHashSet(StringComparer.Ordinal);
}
