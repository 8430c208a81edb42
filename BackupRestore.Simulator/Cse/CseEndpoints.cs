using System.Globalization;
using System.Text.Json;
using BackupRestore.Simulator.Huawei;

namespace BackupRestore.Simulator.Cse;

/// <summary>CSE engine backup/recovery API under <c>/cse/{target}</c> (vendor-apis.md §4; lists are [I]).</summary>
internal static class CseEndpoints
{
    public static void MapCse(this IEndpointRouteBuilder app)
    {
        var engine = app.MapGroup("/cse/{target}/cseengine/v1/engines/{engine_id}")
            .AddEndpointFilter(HuaweiErrors.RequireToken)
            .AddEndpointFilter(KnownEngine);
        // [D] §4.1: engine details, under the project (the same host serves both paths here).
        app.MapGroup("/cse/{target}/v2/{project_id}/enginemgr/engines/{engine_id}")
            .AddEndpointFilter(HuaweiErrors.RequireToken)
            .AddEndpointFilter(KnownEngine)
            .MapGet("", (HttpContext c) => SimJson.Write(c, new
            {
                id = Machine(c).EngineId, name = "cse-engine", status = "Available", version = "2.4.0", authType = "RBAC", flavor = "cse.s1.small2",
                createTime = 1_700_000_000_000L,
            }, SimJson.CamelCase));
        engine.MapGet("/backups", (HttpContext c) =>
        {
            var list = Machine(c).Backups().Select(b => new
            {
                id = b.Id, engineId = Machine(c).EngineId, name = b.Name, description = b.Description, type = b.Type, status = b.Status,
                size = b.Size, createTime = b.CreateTime.ToUnixTimeMilliseconds(), progress = b.Status == "Backing" ? 40 : 100,
            }).ToList();
            return SimJson.Write(c, new { total = list.Count, data = list }, SimJson.CamelCase);
        }).AddEndpointFilter(SimApiSurface.Inferred());
        // A real engine answers an unknown sub-path as an unknown engine (400 SVCSTG.00501116, seen in the field).
        engine.MapGet("/recoveries", (HttpContext c) =>
        {
            var list = Machine(c).Recoveries().Select(r => Record(Machine(c), r, numbersAsStrings: false)).ToList();
            return SimJson.Write(c, new { total = list.Count, data = list }, SimJson.CamelCase);
        }).AddEndpointFilter(SimApiSurface.Inferred(_ => HuaweiErrors.Result(400, "SVCSTG.00501116", "The microservice engine does not exist.", "engine_id")));
        engine.MapPost("/backups/{backup_id}/recovery", RecoverAsync);
    }

    private static CseMachine Machine(HttpContext context) => context.SimTarget()!.MachineAs<CseMachine>();

    private static async ValueTask<object?> KnownEngine(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        Machine(context).LastEnterpriseProjectId = context.Request.Headers.TryGetValue("X-Enterprise-Project-ID", out var project) ? project.ToString() : null;
        return context.Request.RouteValues["engine_id"] as string == Machine(context).EngineId
            ? await next(invocation)
            : HuaweiErrors.Result(400, "SVCSTG.00501116", "The microservice engine does not exist.", "engine_id");
    }

    private static async Task<IResult> RecoverAsync(HttpContext context, string backup_id)
    {
        JsonElement body = default;
        try
        {
            body = await context.Request.ReadFromJsonAsync<JsonElement>(context.RequestAborted);
        }
        catch (JsonException)
        {
            return HuaweiErrors.Result(400, "SVCSTG.00500400", "Invalid parameter: the body is not valid JSON.", "body");
        }
        string? Text(string name) => body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var v) ? v.GetString() : null;
        var (record, status, code, message) = Machine(context).Recover(backup_id, Text("name"), Text("description"));
        // The vendor's own example sends progress and time as strings.
        return record is null
            ? HuaweiErrors.Result(status, code!, message!, "backup_id")
            : SimJson.Write(context, Record(Machine(context), record, numbersAsStrings: true), SimJson.CamelCase);
    }

    private static object Record(CseMachine machine, CseRecovery r, bool numbersAsStrings) => numbersAsStrings
        ? new
        {
            id = r.Id, name = r.Name, description = r.Description, engineId = machine.EngineId, backupId = r.Backup.Id, backupName = r.Backup.Name,
            status = r.Status, progress = (object)r.Progress.ToString(CultureInfo.InvariantCulture), time = (object)r.TimeMs.ToString(CultureInfo.InvariantCulture), reason = r.Reason,
        }
        : new
        {
            id = r.Id, name = r.Name, description = r.Description, engineId = machine.EngineId, backupId = r.Backup.Id, backupName = r.Backup.Name,
            status = r.Status, progress = (object)r.Progress, time = (object)r.TimeMs, reason = r.Reason,
        };
}
