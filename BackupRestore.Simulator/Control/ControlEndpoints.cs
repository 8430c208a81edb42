using BackupRestore.Simulator.Cbr;
using BackupRestore.Simulator.Cse;
using BackupRestore.Simulator.GeminiDb;
using BackupRestore.Simulator.Nsx;
using BackupRestore.Simulator.Vcenter;

namespace BackupRestore.Simulator.Control;

/// <summary>
/// <c>/_sim</c>: how tests and demos steer the simulator at run time (scenarios, faults, quirks, clocks).
/// It is a test tool, bound to loopback; it has no authentication. So that a web page cannot steer it from a
/// browser on the same machine, a request that names another origin (<c>Origin</c>, which browsers send with
/// cross-origin posts, text/plain ones included) or reaches it under a host name other than an IP address or
/// <c>localhost</c> (DNS rebinding) is refused with 403. Tools that send no Origin (tests, curl) are served.
/// </summary>
internal static class ControlEndpoints
{
    public static void MapControl(this IEndpointRouteBuilder app)
    {
        var sim = app.MapGroup("/_sim").AddEndpointFilter(async (context, next) =>
            RefusalOf(context.HttpContext.Request) is { } refusal ? Results.Json(new { error = refusal }, statusCode: StatusCodes.Status403Forbidden) : await next(context));
        sim.MapGet("/targets", (SimFleet fleet) => fleet.Targets.Select(t => new TargetInfo(t.System, t.Name, t.PathBase, Scenario(t))));
        sim.MapPut("/nsx/{name}", (SimFleet fleet, string name, string scenario) =>
            NsxScenario.Find(scenario) is { } preset
                ? Results.Ok(Info(fleet.AddNsx(name, preset)))
                : Results.BadRequest(new { error = $"Unknown scenario '{scenario}'. Known: {string.Join(", ", NsxScenario.Presets.Select(p => p.Name))}" }));

        sim.MapPut("/vcenter/{name}", (SimFleet fleet, string name, string scenario) =>
            Add(VcenterScenario.Presets, scenario, p => fleet.AddVcenter(name, p), p => p.Name));
        sim.MapPut("/geminidb/{name}", (SimFleet fleet, string name, string scenario) =>
            Add(GeminiDbScenario.Presets, scenario, p => fleet.AddGeminiDb(name, p), p => p.Name));
        sim.MapPut("/cse/{name}", (SimFleet fleet, string name, string scenario) =>
            Add(CseScenario.Presets, scenario, p => fleet.AddCse(name, p), p => p.Name));
        sim.MapPut("/cbr/{name}", (SimFleet fleet, string name, string scenario) =>
            Add(CbrScenario.Presets, scenario, p => fleet.AddCbr(name, p), p => p.Name));
        sim.MapPost("/iam/revoke-tokens", (SimFleet fleet) =>
        {
            fleet.Iam.RevokeAll();
            return Results.Ok();
        });

        var target = sim.MapGroup("/{system}/{name}");
        target.MapPost("/complete-step", (SimFleet fleet, string system, string name) => With(fleet, system, name, t =>
        {
            if (t.Machine is IStepControl control)
            {
                control.CompleteCurrentStep();
            }
        }));
        target.MapPost("/finish", (SimFleet fleet, string system, string name) => WithRun(fleet, system, name, r => r.FinishRun()));
        target.MapPost("/restart", (SimFleet fleet, string system, string name) => WithRun(fleet, system, name, r => r.RestartRun()));
        target.MapPut("/fault", (SimFleet fleet, string system, string name, FaultRequest request) =>
            Enum.TryParse<SimFaultKind>(request.Kind, ignoreCase: true, out var kind)
                ? With(fleet, system, name, t => t.Faults.Set(new SimFault(kind, TimeSpan.FromMilliseconds(request.LatencyMs), request.Path)))
                : Results.BadRequest(new { error = $"Unknown fault '{request.Kind}'. Known: {string.Join(", ", Enum.GetNames<SimFaultKind>())}" }));
        target.MapDelete("/fault", (SimFleet fleet, string system, string name) => With(fleet, system, name, t => t.Faults.Clear()));
        target.MapPut("/quirks", (SimFleet fleet, string system, string name, WireQuirks quirks) => With(fleet, system, name, t => t.Quirks = quirks));
        target.MapPost("/expire-sessions", (SimFleet fleet, string system, string name) => With(fleet, system, name, t => t.Sessions.ExpireAll()));
        target.MapGet("/calls", (SimFleet fleet, string system, string name) =>
            fleet.Find(system, name) is { } t ? Results.Ok(t.CallLog.ToArray()) : Results.NotFound());
    }

    /// <summary>Why a request may not steer the simulator, or null when it may.</summary>
    internal static string? RefusalOf(HttpRequest request)
    {
        var host = request.Host.Host;
        if (!string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) && !System.Net.IPAddress.TryParse(host.Trim('[', ']'), out _))
        {
            return $"The simulator's control endpoints answer only on an IP address or localhost, not '{host}'.";
        }
        var origin = request.Headers.Origin.ToString();
        return origin.Length == 0 || string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)
            ? null
            : $"Requests from another origin ({origin}) may not steer the simulator.";
    }

    private static IResult Add<T>(IReadOnlyList<T> presets, string scenario, Func<T, SimTarget> add, Func<T, string> nameOf) =>
        presets.FirstOrDefault(p => string.Equals(nameOf(p), scenario, StringComparison.OrdinalIgnoreCase)) is { } preset
            ? Results.Ok(Info(add(preset)))
            : Results.BadRequest(new { error = $"Unknown scenario '{scenario}'. Known: {string.Join(", ", presets.Select(nameOf))}" });

    private static IResult With(SimFleet fleet, string system, string name, Action<SimTarget> change)
    {
        if (fleet.Find(system, name) is not { } target)
        {
            return Results.NotFound(new { error = $"No {system} target named '{name}'." });
        }
        change(target);
        return Results.Ok(Info(target));
    }

    private static IResult WithRun(SimFleet fleet, string system, string name, Action<IRunControl> change) =>
        fleet.Find(system, name) is { Machine: not IRunControl }
            ? Results.BadRequest(new { error = $"A {system} target's run cannot be finished or restarted on demand." })
            : With(fleet, system, name, t => change((IRunControl)t.Machine));

    private static TargetInfo Info(SimTarget t) => new(t.System, t.Name, t.PathBase, Scenario(t));

    private static string? Scenario(SimTarget t) => t.Machine switch
    {
        NsxMachine nsx => nsx.Scenario.Name,
        VcenterMachine vc => vc.Scenario.Name,
        GeminiDbMachine g => g.Scenario.Name,
        CseMachine c => c.Scenario.Name,
        CbrMachine c => c.Scenario.Name,
        _ => null,
    };

    internal sealed record TargetInfo(string System, string Name, string Path, string? Scenario);

    internal sealed record FaultRequest(string Kind, int LatencyMs = 0, string? Path = null);
}

/// <summary>A machine whose running step can be ended on demand.</summary>
public interface IStepControl
{
    void CompleteCurrentStep();
}

/// <summary>A machine whose whole run can be ended or begun again on demand: the benchmark's steady stream of changes.</summary>
public interface IRunControl
{
    void FinishRun();

    void RestartRun();
}
