namespace BackupRestore.Simulator;

/// <summary>
/// Finds the target a request is for (<c>/{system}/{name}/...</c>), records the call, and applies the target's
/// injected fault before the vendor endpoint sees the request.
/// </summary>
internal sealed class SimTargetMiddleware(RequestDelegate next, SimFleet fleet)
{
    private const string ItemKey = "sim.target";

    public async Task InvokeAsync(HttpContext context)
    {
        var segments = context.Request.Path.Value?.Split('/', 4, StringSplitOptions.RemoveEmptyEntries) ?? [];
        var target = segments.Length >= 2 ? fleet.Find(segments[0], segments[1]) : null;
        if (target is null)
        {
            await next(context);
            return;
        }
        context.Items[ItemKey] = target;
        target.CallLog.Enqueue($"{context.Request.Method} {context.Request.Path.Value?[target.PathBase.Length..]}{context.Request.QueryString}");
        target.Callers.Enqueue(context.Request.Headers.UserAgent.ToString());
        if (!await SimFaultInjector.TryHandleAsync(context, target))
        {
            await next(context);
        }
    }

    public static SimTarget? Find(HttpContext context) => context.Items.TryGetValue(ItemKey, out var t) ? t as SimTarget : null;
}

internal static class SimHttpContextExtensions
{
    public static SimTarget? SimTarget(this HttpContext context) => SimTargetMiddleware.Find(context);
}
