using System.Text.Json;
using System.Text.Json.Serialization;
using BackupRestore.Dashboard.Features.Targets;

namespace BackupRestore.Dashboard.Features.Operations;

/// <summary>The JSON API's shapes, camelCase, source-generated.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(Operation))]
[JsonSerializable(typeof(IReadOnlyList<Operation>))]
[JsonSerializable(typeof(IReadOnlyList<TargetHealth>))]
[JsonSerializable(typeof(TargetHealth))]
[JsonSerializable(typeof(ApiError))]
[JsonSerializable(typeof(ActionResponse))]
[JsonSerializable(typeof(IReadOnlyList<Vendors.BackupItem>))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;

/// <summary>A backup- or target-level action's answer: the operation it started (when known), and what the backend returned.</summary>
public sealed record ActionResponse(string Summary, Operation? Operation, IReadOnlyList<Vendors.Fact> Facts, IReadOnlyList<string> Messages);

/// <summary>The API's error body: what went wrong, and the backend's own error where there is one.</summary>
/// <see cref="Gap"/>: set when the target answers but lacks the call the request needed (a panel that cannot be filled).
public sealed record ApiError(string Error, Vendors.VendorError? VendorError = null, Vendors.DataGap? Gap = null);
