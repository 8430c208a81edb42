namespace BackupRestore.Dashboard.Features.Data;

// Rows of the dashboard's own database. Times are Unix milliseconds (UTC): both SQLite and PostgreSQL compare
// and order them natively, which DateTimeOffset on SQLite cannot do.

public sealed class UserRow
{
    public long Id { get; set; }
    public required string UserName { get; set; }
    public required string NormalizedUserName { get; set; }
    public required string PasswordHash { get; set; }
    public required string Role { get; set; }
    public bool Disabled { get; set; }
    public long CreatedAt { get; set; }
    /// <summary>Random, replaced at sign-out, password change, disable and role change: cookies carrying an older one stop working.</summary>
    public string SecurityStamp { get; set; } = "";
}

public sealed class ApiTokenRow
{
    public long Id { get; set; }
    public required string Name { get; set; }
    public required string Role { get; set; }
    /// <summary>SHA-256 of the token: the token itself is shown once and never stored.</summary>
    public required string TokenHash { get; set; }
    public required string Prefix { get; set; }
    public required string CreatedBy { get; set; }
    public long CreatedAt { get; set; }
    public long? ExpiresAt { get; set; }
    public long? RevokedAt { get; set; }
}

public sealed class AuditRow
{
    public long Id { get; set; }
    public long At { get; set; }
    public required string UserName { get; set; }
    public required string Role { get; set; }
    public string? ClientAddress { get; set; }
    public required string Target { get; set; }
    public string? OperationId { get; set; }
    public string? BackupId { get; set; }
    public required string Action { get; set; }
    /// <summary>The action's input as JSON, secrets removed.</summary>
    public required string Parameters { get; set; }
    /// <summary>pending, succeeded, failed, refused or unknown.</summary>
    public required string Outcome { get; set; }
    public string? Detail { get; set; }
    public string? VendorError { get; set; }
    public long? CompletedAt { get; set; }
    public string? SubmissionKey { get; set; }
    /// <summary>The instance that made the attempt (null before migration 0005).</summary>
    public string? Instance { get; set; }
}

public sealed class OperationEventRow
{
    public long Id { get; set; }
    public required string OperationId { get; set; }
    public required string Target { get; set; }
    public required string System { get; set; }
    public long At { get; set; }
    public string? FromState { get; set; }
    public required string ToState { get; set; }
    public string? FromVendorStatus { get; set; }
    public required string ToVendorStatus { get; set; }
    public string? Step { get; set; }
    public int? Progress { get; set; }
    public string? Message { get; set; }
}

/// <summary>The last known operation, so that a restarted dashboard shows it at once.</summary>
public sealed class OperationSnapshotRow
{
    public required string OperationId { get; set; }
    public required string Target { get; set; }
    public required string Json { get; set; }
    public long UpdatedAt { get; set; }
    public long? FinishedAt { get; set; }
}

/// <summary>A webhook notification: queued here first, so that a restart loses none; "dead" after too many failures.</summary>
public sealed class WebhookDeliveryRow
{
    public long Id { get; set; }
    public required string Rule { get; set; }
    public required string Url { get; set; }
    public required string Payload { get; set; }
    public required string OperationId { get; set; }
    public required string Transition { get; set; }
    /// <summary>pending, delivered or dead.</summary>
    public required string Status { get; set; }
    public int Attempts { get; set; }
    public long CreatedAt { get; set; }
    public long NextAttemptAt { get; set; }
    public long? DeliveredAt { get; set; }
    public string? LastError { get; set; }
}

/// <summary>One submission key (hashed): the instance running it until <see cref="ExpiresAt"/>, then its outcome, kept as long as it is remembered.</summary>
public sealed class ActionClaimRow
{
    public required string Key { get; set; }
    public required string Owner { get; set; }
    /// <summary>Unix ms: while running, when the claim lapses unless renewed; once done, when the outcome is forgotten.</summary>
    public long ExpiresAt { get; set; }
    public long? AuditId { get; set; }
    /// <summary>The outcome as JSON; null while the action runs.</summary>
    public string? Outcome { get; set; }
}

/// <summary>One failed sign-in, counted for a user name or a client address (<c>user:…</c>, <c>ip:…</c>).</summary>
public sealed class SignInFailureRow
{
    public long Id { get; set; }
    public required string Key { get; set; }
    public long At { get; set; }
}

/// <summary>A user name locked out until <see cref="LockedUntil"/> (unix ms).</summary>
public sealed class SignInLockoutRow
{
    public required string Key { get; set; }
    public long LockedUntil { get; set; }
}
