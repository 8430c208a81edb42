using System.Text.Json;
using BackupRestore.Simulator.Huawei;

namespace BackupRestore.Simulator.GeminiDb;

/// <summary>GeminiDB (GaussDB NoSQL) backup API under <c>/geminidb/{target}</c> (vendor-apis.md §3.1).</summary>
internal static class GeminiDbEndpoints
{
    public static void MapGeminiDb(this IEndpointRouteBuilder app)
    {
        var target = app.MapGroup("/geminidb/{target}").AddEndpointFilter(HuaweiErrors.RequireToken);
        target.MapGet("/v3.1/{project_id}/backups", (HttpContext c, int? offset, int? limit, string? instance_id, string? backup_id, string? backup_type) =>
            List(c, offset ?? 0, limit ?? 100, instance_id, backup_id, backup_type, v31: true));
        target.MapGet("/v3/{project_id}/backups", (HttpContext c, int? offset, int? limit, string? instance_id, string? backup_id, string? backup_type) =>
            offset is null or < 1 || limit is null
                ? HuaweiErrors.Result(400, "DBS.200001", "Parameter error: offset (page number, from 1) and limit are required.")
                : List(c, (offset.Value - 1) * limit.Value, limit.Value, instance_id, backup_id, backup_type, v31: false));
        target.MapPut("/v3/{project_id}/backups/{backup_id}", StopAsync);
        target.MapPost("/v3/{project_id}/instances/{instance_id}/backups", CreateAsync);
        target.MapGet("/v3/{project_id}/jobs", (HttpContext c, string? id) => Machine(c).Job(id ?? "") is { } job
            ? SimJson.Write(c, new { job = JobWire(job) }, SimJson.SnakeCase)
            : HuaweiErrors.Result(404, "DBS.200003", "The job does not exist."));
        target.MapGet("/v3/{project_id}/instances", (HttpContext c) =>
        {
            var machine = Machine(c);
            var list = machine.Instances.Select(i => new { id = i.Id, name = i.Name, status = "normal", actions = machine.ActionsOf(i), datastore = new { type = "cassandra", version = "3.11" } }).ToList();
            return SimJson.Write(c, new { instances = list, total_count = list.Count }, SimJson.SnakeCase);
        });
    }

    private static GeminiDbMachine Machine(HttpContext context) => context.SimTarget()!.MachineAs<GeminiDbMachine>();

    private static IResult List(HttpContext context, int offset, int limit, string? instanceId, string? backupId, string? backupType, bool v31)
    {
        if (limit is < 1 or > 100 || offset < 0)
        {
            return HuaweiErrors.Result(400, "DBS.200001", "Parameter error: limit must be 1-100 and offset at least 0.");
        }
        if (backupType is not (null or "Auto" or "Manual"))
        {
            return HuaweiErrors.Result(400, "DBS.200001", "Parameter error: backup_type must be Auto or Manual.");
        }
        var all = Machine(context).Backups()
            .Where(b => instanceId is null || b.Instance.Id == instanceId)
            .Where(b => backupId is null || b.Id == backupId)
            .Where(b => backupType is null || b.Type == backupType)
            .ToList();
        var page = all.Skip(offset).Take(limit).Select(b => new
        {
            id = b.Id, name = b.Name, description = b.Description, instance_id = b.Instance.Id, instance_name = b.Instance.Name,
            datastore = new { type = "cassandra", version = "3.11" }, type = b.Type, size = Math.Round(b.SizeKb, 2), status = b.Status,
            begin_time = v31 ? GeminiDbMachine.V31Time(b.BeginTime) : GeminiDbMachine.V3Time(b.BeginTime),
            end_time = v31 ? GeminiDbMachine.V31Time(b.EndTime) : GeminiDbMachine.V3Time(b.EndTime),
        });
        return SimJson.Write(context, new { total_count = all.Count, backups = page }, SimJson.SnakeCase);
    }

    private static async Task<IResult> StopAsync(HttpContext context, string backup_id)
    {
        var body = await ReadAsync(context);
        if (body?.TryGetProperty("action", out var action) != true || action.GetString() != "stop")
        {
            return HuaweiErrors.Result(400, "DBS.200001", "Parameter error: action must be \"stop\".");
        }
        var (status, jobId, code, message) = Machine(context).Stop(backup_id);
        return jobId is null ? HuaweiErrors.Result(status, code!, message!) : Results.Json(new { job_id = jobId }, statusCode: 202);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, string instance_id)
    {
        var body = await ReadAsync(context);
        string? Text(string name) => body?.TryGetProperty(name, out var v) == true && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        var (status, jobId, backupId, code, message) = Machine(context).Create(instance_id, Text("name"), Text("description"));
        return jobId is null ? HuaweiErrors.Result(status, code!, message!) : Results.Json(new { job_id = jobId, backup_id = backupId }, statusCode: 202);
    }

    private static async Task<JsonElement?> ReadAsync(HttpContext context)
    {
        try
        {
            return await context.Request.ReadFromJsonAsync<JsonElement>(context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static object JobWire(SimJob job) => new
    {
        id = job.Id,
        name = job.Name,
        status = job.Status,
        created = GeminiDbMachine.V31Time(job.Created),
        ended = GeminiDbMachine.V31Time(job.Ended),
        progress = job.Status == "Running" ? $"{job.Progress}%" : "",
        instance = new { id = job.Instance.Id, name = job.Instance.Name },
        fail_reason = job.FailReason,
    };
}
