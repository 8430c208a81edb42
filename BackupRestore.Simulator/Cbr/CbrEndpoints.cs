using System.Globalization;
using System.Text.Json;
using BackupRestore.Simulator.Huawei;

namespace BackupRestore.Simulator.Cbr;

/// <summary>CBR backup and operation-log API under <c>/cbr/{target}/v3/{project_id}</c> (vendor-apis.md §5).</summary>
internal static class CbrEndpoints
{
    private const string ServerProvider = "0daac4c5-6707-4851-97ba-169e36266b66";
    private const string DiskProvider = "d1603440-187d-4516-af25-121250c7cc97";

    public static void MapCbr(this IEndpointRouteBuilder app)
    {
        var project = app.MapGroup("/cbr/{target}/v3/{project_id}").AddEndpointFilter(HuaweiErrors.RequireToken);
        project.MapGet("/backups", ListBackups);
        project.MapGet("/backups/{backup_id}", (HttpContext c, string backup_id) => Machine(c).Backups().FirstOrDefault(b => b.Id == backup_id) is { } b
            ? SimJson.Write(c, new { backup = BackupWire(c, b) }, SimJson.SnakeCase)
            : HuaweiErrors.Result(404, "BackupService.6302", "The resource does not exist."));
        project.MapPost("/backups/{backup_id}/restore", RestoreAsync);
        project.MapGet("/operation-logs", ListLogs);
        project.MapGet("/operation-logs/{log_id}", (HttpContext c, string log_id) => Machine(c).Logs().FirstOrDefault(l => l.Id == log_id) is { } l
            ? SimJson.Write(c, new { operation_log = LogWire(c, l) }, SimJson.SnakeCase)
            : HuaweiErrors.Result(404, "BackupService.6302", "The resource does not exist."));
    }

    private static CbrMachine Machine(HttpContext context) => context.SimTarget()!.MachineAs<CbrMachine>();

    private static IResult ListBackups(HttpContext context, string? resource_type, string? name, string? vault_id, int? limit, int? offset)
    {
        var statuses = context.Request.Query["status"].Where(s => s is not null).ToHashSet();
        var pageSize = limit ?? 1000;
        if (pageSize is < 1 or > 1000 || offset is < 0)
        {
            return HuaweiErrors.Result(400, "BackupService.9900", "Invalid parameter: limit must be 1-1000 and offset at least 0.");
        }
        var machine = Machine(context);
        var all = machine.Backups()
            .Where(b => statuses.Count == 0 || statuses.Contains(b.Status))
            .Where(b => resource_type is null || b.ResourceType == resource_type)
            .Where(b => name is null || b.Name.Contains(name, StringComparison.OrdinalIgnoreCase))
            .Where(b => vault_id is null || vault_id == machine.VaultId)
            .OrderByDescending(b => b.CreatedAt)
            .ToList();
        var page = all.Skip(offset ?? 0).Take(pageSize).Select(b => BackupWire(context, b)).ToList();
        return SimJson.Write(context, new { backups = page, count = all.Count, offset = offset ?? 0, limit = pageSize }, SimJson.SnakeCase);
    }

    private static IResult ListLogs(HttpContext context, string? operation_type, string? status, string? vault_id, int? limit, int? offset, string? start_time)
    {
        var machine = Machine(context);
        var since = DateTimeOffset.TryParse(start_time, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var s) ? s : DateTimeOffset.MinValue;
        var all = machine.Logs()
            .Where(l => operation_type is null or "restore")
            .Where(l => status is null || l.Status == status)
            .Where(l => vault_id is null || vault_id == machine.VaultId)
            .Where(l => l.CreatedAt >= since)
            .ToList();
        var page = all.Skip(offset ?? 0).Take(limit ?? 1000).Select(l => LogWire(context, l)).ToList();
        return SimJson.Write(context, new { operation_logs = page, count = all.Count }, SimJson.SnakeCase);
    }

    private static async Task<IResult> RestoreAsync(HttpContext context, string backup_id)
    {
        JsonElement? body = null;
        try
        {
            body = await context.Request.ReadFromJsonAsync<JsonElement>(context.RequestAborted);
        }
        catch (JsonException)
        {
        }
        return Machine(context).Restore(backup_id, body) is { } error
            ? HuaweiErrors.Result(error.Status, error.Code, error.Message)
            : Results.StatusCode(202);
    }

    private static object BackupWire(HttpContext context, CbrBackup b)
    {
        var machine = Machine(context);
        return new
        {
            id = b.Id, name = b.Name, description = "", checkpoint_id = $"cp-{b.Id[..8]}", parent_id = (string?)null,
            project_id = SimIam.ProjectId, vault_id = machine.VaultId, provider_id = b.ResourceType == CbrBackup.Server ? ServerProvider : DiskProvider,
            resource_id = b.ResourceId, resource_name = b.ResourceName, resource_type = b.ResourceType, resource_size = b.ResourceSizeGb,
            resource_az = "ap-southeast-1a", image_type = "backup", status = b.Status, protected_at = Time(b.CreatedAt.AddMinutes(8)),
            created_at = Time(b.CreatedAt), updated_at = Time(b.CreatedAt.AddMinutes(8)), expired_at = Time(b.CreatedAt.AddDays(30)),
            enterprise_project_id = "0", incremental = false, replication_records = Array.Empty<object>(),
            children = b.Children.Select(c => BackupWire(context, c)).ToList(),
            extend_info = new { auto_trigger = true, bootable = b.ResourceType == CbrBackup.Server, os_images_data = Array.Empty<object>() },
        };
    }

    private static object LogWire(HttpContext context, CbrOpLog l) => new
    {
        id = l.Id, operation_type = "restore", status = l.Status, checkpoint_id = $"cp-{l.Backup.Id[..8]}", policy_id = "",
        project_id = SimIam.ProjectId, provider_id = l.Backup.ResourceType == CbrBackup.Server ? ServerProvider : DiskProvider,
        vault_id = Machine(context).VaultId, vault_name = "vault-prod",
        created_at = LogTime(l.CreatedAt), started_at = LogTime(l.StartedAt), ended_at = LogTime(l.EndedAt), updated_at = LogTime(l.UpdatedAt),
        error_info = l.Error is { } e ? new { code = e.Code, message = e.Message } : null,
        extra_info = new
        {
            common = new { progress = l.Progress, request_id = l.RequestId, task_id = l.TaskId },
            restore = new { backup_id = l.Backup.Id, backup_name = l.Backup.Name, target_resource_id = l.TargetId, target_resource_name = l.TargetName },
            resource = new { id = l.Backup.ResourceId, name = l.Backup.ResourceName, type = l.Backup.ResourceType },
        },
    };

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffff", CultureInfo.InvariantCulture);

    private static string? LogTime(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
