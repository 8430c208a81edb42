using System.Text.Json;

namespace BackupRestore.Simulator.Nsx;

/// <summary>The NSX Manager restore API under <c>/nsx/{target}</c>, at both <c>/api/v1</c> and <c>/policy/api/v1</c>.</summary>
internal static class NsxEndpoints
{
    public static void MapNsx(this IEndpointRouteBuilder app)
    {
        var target = app.MapGroup("/nsx/{target}");
        target.MapPost("/api/session/create", (Delegate)NsxAuth.CreateSession);
        target.MapPost("/api/session/destroy", NsxAuth.DestroySession);

        foreach (var prefix in new[] { "/api/v1/cluster", "/policy/api/v1/cluster" })
        {
            var api = target.MapGroup(prefix).AddEndpointFilter(NsxAuth.Gate);
            api.MapGet("/restore/status", (HttpContext c) => Write(c, Machine(c).Status()));
            api.MapPost("/restore", Action);
            api.MapPost("/restore/action/retry_with_updated_config", (HttpContext c) => Write(c, Machine(c).Retry(withUpdatedConfig: true)));
            api.MapGet("/restore/backuptimestamps", (HttpContext c) =>
                SimJson.Write(c, new NsxListResult<NsxBackupInfoWire>(Machine(c).Backups, Machine(c).Backups.Count, null, "timestamp", false), SimJson.SnakeCase));
            api.MapGet("/restore/instruction-resources", InstructionResources);
            api.MapPut("/restore/config", (HttpContext c) =>
            {
                Machine(c).UpdateConfig();
                return Results.Ok();
            });
        }
    }

    private static async Task<IResult> Action(HttpContext context, string? action)
    {
        var machine = Machine(context);
        switch (action)
        {
            case "start":
                var start = await ReadBody<NsxInitiateRequest>(context);
                return start.Error ?? Write(context, machine.Start(start.Value));
            case "suspend":
                return Write(context, machine.Suspend());
            case "resume" when context.RequestServices.GetRequiredService<SimFleet>().DocumentedOnly:
                // [I] alias: a real manager has no action=resume.
                return Write(context, NsxOutcome.BadRequest(
                    "The requested with given URI, HTTP method and set of parameters cannot be processed.", 269));
            case "advance" or "resume":
                var advance = await ReadBody<NsxAdvanceRequest>(context);
                return advance.Error ?? Write(context, machine.Advance(advance.Value));
            case "retry":
                return Write(context, machine.Retry(withUpdatedConfig: false));
            case "cancel":
                return Write(context, machine.Cancel());
            default:
                return Write(context, NsxOutcome.BadRequest(
                    "The requested with given URI, HTTP method and set of parameters cannot be processed.", 269));
        }
    }

    private static IResult InstructionResources(HttpContext context, string? instruction_id, int? page_size, string? cursor)
    {
        var offset = int.TryParse(cursor, out var o) && o >= 0 ? o : 0;
        var page = Machine(context).InstructionResources(instruction_id ?? "", page_size is > 0 ? page_size.Value : Machine(context).Scenario.ResourcePageSize, offset);
        return page is null
            ? Write(context, new NsxOutcome(null, 404, new NsxApiErrorWire("NOT_FOUND", 22017, "cluster-restore",
                $"No pending instruction with id '{instruction_id}'.")))
            : SimJson.Write(context, page, SimJson.SnakeCase);
    }

    private static async Task<(T? Value, IResult? Error)> ReadBody<T>(HttpContext context) where T : class
    {
        if (context.Request.ContentLength is 0 || (context.Request.ContentLength is null && !context.Request.Headers.ContainsKey("Transfer-Encoding")))
        {
            return (null, null);
        }
        try
        {
            return (await context.Request.ReadFromJsonAsync<T>(SimJson.SnakeCase, context.RequestAborted), null);
        }
        catch (JsonException e)
        {
            return (null, Write(context, NsxOutcome.BadRequest($"Request body is not valid JSON: {e.Message}", 225)));
        }
    }

    private static NsxMachine Machine(HttpContext context) => context.SimTarget()!.MachineAs<NsxMachine>();

    private static IResult Write(HttpContext context, NsxRestoreStatusWire status) => SimJson.Write(context, status, SimJson.SnakeCase);

    private static IResult Write(HttpContext context, NsxOutcome outcome) => outcome.Status is { } status
        ? Write(context, status)
        : SimJson.Write(context, outcome.Error, SimJson.SnakeCase, outcome.HttpStatus);
}
