using BackupRestore.Simulator.Huawei;

namespace BackupRestore.Simulator;

/// <summary>
/// What a real backend answers for a call it does not have: the simulator serves it only while the fleet is not in
/// documented-only mode (vendor-apis.md marks such calls [I]), and otherwise answers as the vendor's gateway would.
/// </summary>
internal static class SimApiSurface
{
    /// <summary>An endpoint filter for an inferred call; <paramref name="missing"/> is what the real gateway answers instead.</summary>
    public static Func<EndpointFilterInvocationContext, EndpointFilterDelegate, ValueTask<object?>> Inferred(Func<HttpContext, IResult>? missing = null) =>
        async (invocation, next) =>
            invocation.HttpContext.RequestServices.GetRequiredService<SimFleet>().DocumentedOnly
                ? (missing ?? Missing)(invocation.HttpContext)
                : await next(invocation);

    /// <summary>The system's "no such API" answer: a Huawei API gateway's 404 APIGW.0101, NSX's and vCenter's 404 bodies.</summary>
    public static IResult Missing(HttpContext context) => context.SimTarget()?.System switch
    {
        SimSystems.Nsx => Results.Json(new Nsx.NsxApiErrorWire("NOT_FOUND", 404, "common-services", "The requested URI could not be found."), SimJson.SnakeCase, statusCode: 404),
        SimSystems.Vcenter => Results.Json(new { error_type = "NOT_FOUND", messages = new[] { new { id = "vapi.method.not.found", default_message = "Operation not found.", args = Array.Empty<string>() } } }, statusCode: 404),
        _ => HuaweiErrors.Result(404, "APIGW.0101", "The API does not exist or has not been published in the environment."),
    };
}
