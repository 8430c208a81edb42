namespace BackupRestore.Dashboard.Vendors;

/// <summary>
/// A panel the dashboard could not fill because an auxiliary call failed, while the rest of the target was read.
/// <paramref name="Panel"/>: what is missing ("Backups", "Instructions", "Recoveries", ...); <paramref name="Call"/>: the
/// call as a template ("GET /api/v1/cluster/restore/backuptimestamps"); <paramref name="HttpStatus"/> and
/// <paramref name="VendorCode"/>: what the backend answered, when it answered; <paramref name="Message"/>: why, in words.
/// </summary>
public sealed record DataGap(string Panel, string Call, int? HttpStatus, string? VendorCode, string Message)
{
    public static DataGap Of(string panel, string call, Exception failure) => failure is VendorException v
        ? new(panel, call, v.Error.HttpStatus, v.Error.Code, v.Message)
        : new(panel, call, null, null, VendorFailure.Describe(failure));
}

/// <summary>What a poll read: the target's operations, and the panels its auxiliary calls could not fill.</summary>
public sealed record TargetRead(IReadOnlyList<Features.Operations.Operation> Operations, IReadOnlyList<DataGap> Gaps)
{
    public static TargetRead Of(IReadOnlyList<Features.Operations.Operation> operations) => new(operations, []);
}

/// <summary>How a backend failure reads to an operator, and which failures are the backend's (not a bug of ours).</summary>
public static class VendorFailure
{
    public static bool IsBackend(Exception e) =>
        e is VendorException or VendorProtocolException or HttpRequestException or TimeoutException;

    /// <summary>
    /// The backend answered that this call does not exist or is not allowed here (a gateway's 404, a 400/405/501 for
    /// an unknown path): the call is missing, the target itself is fine.
    /// </summary>
    public static bool IsMissingCall(Exception e) => e is VendorException { Error.HttpStatus: 400 or 404 or 405 or 501 };

    public static string Describe(Exception e) => e switch
    {
        VendorException v => v.Message,
        VendorProtocolException p => p.Message,
        TimeoutException t => t.Message,
        HttpRequestException h => $"Cannot reach the backend: {h.Message}",
        _ => $"Unexpected error: {e.GetType().Name}: {e.Message}",
    };

    /// <summary>
    /// Reads an auxiliary call: on a backend failure the panel goes into <paramref name="gaps"/> and the result is null,
    /// so the rest of the target still shows.
    /// </summary>
    public static async Task<T?> OptionalAsync<T>(Func<Task<T>> call, string panel, string callTemplate, ICollection<DataGap> gaps) where T : class
    {
        try
        {
            return await call();
        }
        catch (Exception e) when (IsBackend(e))
        {
            gaps.Add(DataGap.Of(panel, callTemplate, e));
            return null;
        }
    }
}
