using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Vendors;

namespace BackupRestore.Dashboard.Features.Actions;

public enum ActionResultKind
{
    /// <summary>The backend accepted the action (API 200).</summary>
    Succeeded,

    /// <summary>Not offered now, or the backend answered conflict; nothing changed (API 409).</summary>
    Refused,

    /// <summary>The input cannot be sent, or the backend rejected it as invalid (API 400).</summary>
    Invalid,

    /// <summary>The backend failed or could not be reached (API 502).</summary>
    Failed,

    /// <summary>No such operation (API 404).</summary>
    NotFound,

    /// <summary>Sent, but the answer was lost: the backend may have acted (API 502; audit "unknown").</summary>
    Lost,
}

/// <summary><c>Diagnostics:*</c>: switches for testing crash safety. Never set them in production.</summary>
public sealed class DiagnosticsOptions
{
    /// <summary>Stop the process right after an action is recorded, before the backend is called.</summary>
    public bool CrashAfterAuditRecord { get; set; }
}

/// <summary>What became of one action: shown on the page after the redirect, returned by the API.</summary>
public sealed record ActionOutcome(
    string OperationId,
    string Target,
    string Action,
    ActionResultKind Kind,
    string Summary,
    VendorError? VendorError = null,
    Operation? Operation = null)
{
    /// <summary>What the backend returned besides the state (validate metadata, cancel result).</summary>
    public ActionResultInfo Result { get; init; } = ActionResultInfo.None;

    /// <summary>The attempt's audit record.</summary>
    public long AuditId { get; init; }

    public int HttpStatus => Kind switch
    {
        ActionResultKind.Succeeded => StatusCodes.Status200OK,
        ActionResultKind.Refused => StatusCodes.Status409Conflict,
        ActionResultKind.Invalid => StatusCodes.Status400BadRequest,
        ActionResultKind.NotFound => StatusCodes.Status404NotFound,
        _ => StatusCodes.Status502BadGateway,
    };
}
