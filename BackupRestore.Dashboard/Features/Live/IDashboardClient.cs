namespace BackupRestore.Dashboard.Features.Live;

/// <summary>A rendered card: replace the element <c>op-{Id}</c> with <see cref="Html"/>; <see cref="Rank"/> orders cards.</summary>
public sealed record OperationFragment(string Id, long Version, string Rank, string Html);

/// <summary>What a browser that reconnects missed: cards changed since its version, and the ids that exist now.</summary>
public sealed record CatchUpResult(long Version, IReadOnlyList<OperationFragment> Changed, IReadOnlyList<string> Ids, string SummaryHtml);

/// <summary>
/// Who answers: <see cref="Instance"/> changes at every start (versions start again: catch up from zero),
/// <see cref="Build"/> at every deploy (the page's script and markup may have changed: reload).
/// </summary>
public sealed record ServerHello(string Instance, string Build, long Version);

/// <summary>For walls: when each target was last read successfully, on the server's clock.</summary>
public sealed record Freshness(DateTimeOffset Now, IReadOnlyDictionary<string, DateTimeOffset?> LastSuccess);

/// <summary>Messages the server pushes to every browser.</summary>
public interface IDashboardClient
{
    Task OperationChanged(OperationFragment fragment);

    Task OperationRemoved(string id, long version);

    Task SummaryChanged(string html);

    Task FreshnessChanged(Freshness freshness);
}
