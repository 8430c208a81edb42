using System.Collections.Concurrent;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors.Http;
using Refit;

namespace BackupRestore.Dashboard.Vendors.Vcenter;

/// <summary>
/// vSphere appliance recovery (vendor-apis.md §2.1), in both forms: <c>/api</c> (7.0U2+) and the older <c>/rest</c>
/// (bodies in <c>piece</c>, answers in <c>value</c>). Auth: <see cref="VcenterAuth"/>.
/// </summary>
[Headers("Accept: application/json")]
internal interface IVcenterApi
{
    [Get("/api/appliance/recovery/restore/job")]
    Task<VcRestoreJobStatus> GetJobAsync(CancellationToken cancellationToken);

    [Post("/api/appliance/recovery/restore/job")]
    Task<VcRestoreJobStatus> CreateAsync([Body] VcRestoreRequest request, CancellationToken cancellationToken);

    [Post("/api/appliance/recovery/restore/job?action=cancel")]
    Task<VcReturnResult> CancelAsync(CancellationToken cancellationToken);

    [Post("/api/appliance/recovery/restore?action=validate")]
    Task<VcMetadata> ValidateAsync([Body] VcRestoreRequest request, CancellationToken cancellationToken);

    [Get("/rest/appliance/recovery/restore/job")]
    Task<VcValue<VcRestoreJobStatus>> GetJobRestAsync(CancellationToken cancellationToken);

    [Post("/rest/appliance/recovery/restore/job")]
    Task<VcValue<VcRestoreJobStatus>> CreateRestAsync([Body] VcPiece request, CancellationToken cancellationToken);

    [Post("/rest/appliance/recovery/restore/job/cancel")]
    Task<VcValue<VcReturnResult>> CancelRestAsync(CancellationToken cancellationToken);

    [Post("/rest/appliance/recovery/restore/validate")]
    Task<VcValue<VcMetadata>> ValidateRestAsync([Body] VcPiece request, CancellationToken cancellationToken);
}

/// <summary>
/// Calls in the form the appliance speaks: <c>/api</c> first; an appliance whose <c>/api</c> answers 404 (session or
/// call) is remembered as <c>/rest</c>-only, per target.
/// </summary>
internal sealed class VcenterCalls(VendorApis apis)
{
    public const string System = "vCenter";
    public static readonly RefitSettings Settings = VendorRefit.Settings(System, VcenterJsonContext.Default, ParseError);

    private static readonly HashSet<string> StateConflicts =
        ["FEATURE_IN_USE", "NOT_ALLOWED_IN_CURRENT_STATE", "RESOURCE_BUSY", "CONCURRENT_CHANGE", "RESOURCE_IN_USE", "ALREADY_IN_DESIRED_STATE"];

    private readonly ConcurrentDictionary<string, bool> restOnly = new(StringComparer.OrdinalIgnoreCase);

    public Task<VcRestoreJobStatus> GetJobAsync(TargetOptions target, CancellationToken cancellationToken) =>
        CallAsync(target, "restore/job", api => api.GetJobAsync(cancellationToken), api => api.GetJobRestAsync(cancellationToken));

    public Task<VcRestoreJobStatus> CreateAsync(TargetOptions target, VcRestoreRequest request, CancellationToken cancellationToken) =>
        CallAsync(target, "restore/job", api => api.CreateAsync(request, cancellationToken), api => api.CreateRestAsync(new VcPiece(request), cancellationToken));

    public Task<VcReturnResult> CancelAsync(TargetOptions target, CancellationToken cancellationToken) =>
        CallAsync(target, "restore/job/cancel", api => api.CancelAsync(cancellationToken), api => api.CancelRestAsync(cancellationToken));

    public Task<VcMetadata> ValidateAsync(TargetOptions target, VcRestoreRequest request, CancellationToken cancellationToken) =>
        CallAsync(target, "restore/validate", api => api.ValidateAsync(request, cancellationToken), api => api.ValidateRestAsync(new VcPiece(request), cancellationToken));

    private async Task<T> CallAsync<T>(TargetOptions target, string what, Func<IVcenterApi, Task<T>> current, Func<IVcenterApi, Task<VcValue<T>>> rest) where T : class
    {
        var api = apis.For<IVcenterApi>(target, Settings);
        if (!restOnly.ContainsKey(target.Name))
        {
            try
            {
                return VendorRefit.Required(await current(api), System, what);
            }
            catch (VendorException e) when (e.Error.HttpStatus == 404)
            {
                restOnly[target.Name] = true;
            }
        }
        return (await rest(api))?.Value ?? throw new VendorProtocolException($"vCenter answered {what} without a value.");
    }

    /// <summary>Vapi errors as the backend states them: error_type and messages (old API: type + value).</summary>
    public static VendorError? ParseError(int status, string body)
    {
        var error = VendorRefit.TryParse(body, VcenterJsonContext.Default.VcError);
        var type = error?.ErrorType ?? error?.Value?.ErrorType ?? error?.Type?.Split('.')[^1].ToUpperInvariant();
        var messages = error?.Messages ?? error?.Value?.Messages ?? [];
        return type is null && messages.Count == 0
            ? null
            : new VendorError(status, type, messages.Count == 0 ? type! : string.Join(" ", messages.Select(m => m.Text)),
                Details: messages.Count > 0 ? messages[0].Id : null, StateConflict: type is not null && StateConflicts.Contains(type));
    }
}
