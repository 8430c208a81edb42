using BackupRestore.Dashboard.Features.Targets;

namespace BackupRestore.Dashboard.Vendors;

/// <summary>A system whose targets list backups that operations start from (NSX, GeminiDB, CSE, CBR).</summary>
public interface IBackupCatalog
{
    /// <summary>The target's backups now, newest first, narrowed by <paramref name="query"/> where the system can filter.</summary>
    Task<IReadOnlyList<BackupItem>> ListBackupsAsync(TargetOptions target, BackupQuery query, CancellationToken cancellationToken);

    /// <summary>Starts an operation from <paramref name="backup"/> (which offers the action); returns what the backend said.</summary>
    Task<ActionResultInfo> ExecuteBackupActionAsync(TargetOptions target, BackupItem backup, ActionInput input, CancellationToken cancellationToken);

    /// <summary>The dialog that collects and confirms one backup's action (parameters: Target, Backup), or null.</summary>
    Type? BackupActionForm { get; }

    /// <summary>
    /// A backup the operator names by id when the backend lacks the list call (a gateway's 404/400), for systems
    /// whose action call checks the backup itself; null: actions need the list.
    /// </summary>
    BackupItem? Unlisted(string backupId) => null;
}

/// <summary>A system with actions on the target itself (vCenter validate/create, GeminiDB backup).</summary>
public interface ITargetActions
{
    /// <summary>The target-level actions possible now, read from the backend.</summary>
    Task<IReadOnlyList<string>> OfferedAsync(TargetOptions target, CancellationToken cancellationToken);

    Task<ActionResultInfo> ExecuteTargetActionAsync(TargetOptions target, ActionInput input, CancellationToken cancellationToken);

    /// <summary>The target-level form (parameters: Target, Offered), or null while there is none.</summary>
    Type? TargetActionForm { get; }
}

/// <summary>Filters a backup list understands (CBR: status, resource type, name).</summary>
public sealed record BackupQuery(string? Status = null, string? ResourceType = null, string? Name = null)
{
    public static BackupQuery All { get; } = new();
}

/// <summary>Something a target can restore from, in the API's shape.</summary>
public sealed record BackupItem(string Id, string Name, DateTimeOffset? CreatedAt, string Status, long? SizeBytes, IReadOnlyList<string> Actions)
{
    /// <summary>Vendor specifics the action forms need (disk backups of a server backup, ...). Not in the API.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public object? Details { get; init; }
}

/// <summary>A labelled value the backend returned with an action (validate metadata, cancel result).</summary>
public sealed record Fact(string Label, string Value);

/// <summary>What an action returned besides the new state: the operation it started, facts and messages.</summary>
public sealed record ActionResultInfo(string? OperationId, IReadOnlyList<Fact> Facts, IReadOnlyList<string> Messages)
{
    public static ActionResultInfo None { get; } = new(null, [], []);

    public static ActionResultInfo Started(string operationId) => new(operationId, [], []);
}
