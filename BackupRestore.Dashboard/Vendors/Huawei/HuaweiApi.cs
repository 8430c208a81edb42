using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors.Http;
using Refit;

namespace BackupRestore.Dashboard.Vendors.Huawei;

/// <summary>What every Huawei service shares: the <c>{error_code, error_msg}</c> error body, and the keys a target needs.</summary>
internal static class HuaweiApi
{
    /// <summary>Codes that mean "the resource's state does not allow this now" (answered as 409 by the dashboard).</summary>
    private static readonly HashSet<string> StateConflicts =
    [
        "DBS.200011", "DBS.200018", "BackupService.2002", "BackupService.6202", "SVCSTG.00501131", "SVCSTG.00501132",
    ];

    /// <summary>Refit settings of one Huawei service: its JSON context and the Huawei error body.</summary>
    public static RefitSettings Settings(string system, System.Text.Json.Serialization.JsonSerializerContext context) =>
        VendorRefit.Settings(system, context, ParseError);

    public static VendorError? ParseError(int status, string body) =>
        VendorRefit.TryParse(body, HuaweiJsonContext.Default.HuaweiError) is { ErrorMsg: { } message } error
            ? new VendorError(status, error.ErrorCode, message, null, error.Detail, error.ErrorCode is { } code && StateConflicts.Contains(code))
            : null;

    /// <summary>The keys every Huawei target needs (§3.6), checked at start.</summary>
    public static IEnumerable<string> Validate(TargetOptions target, string key)
    {
        if (!Uri.TryCreate(target.IamUrl, UriKind.Absolute, out var iam) || iam.Scheme is not ("http" or "https"))
        {
            yield return $"{key}:IamUrl '{target.IamUrl}' is not an absolute http(s) URL. Set the IAM endpoint, e.g. https://iam.ap-southeast-1.myhuaweicloud.com.";
        }
        if (string.IsNullOrWhiteSpace(target.ProjectId))
        {
            yield return $"{key}:ProjectId is missing. Set the project id (32 hex characters) that appears in the service URLs.";
        }
        if (string.IsNullOrWhiteSpace(target.DomainName))
        {
            yield return $"{key}:DomainName is missing. Set the account (domain) name the IAM user belongs to.";
        }
    }
}
