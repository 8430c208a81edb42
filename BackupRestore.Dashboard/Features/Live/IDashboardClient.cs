namespace BackupRestore.Dashboard.Features.Live;

/// <summary>A rendered card: replace the element <c>op-{Id}</c> with <see cref="Html"/>; <see cref="Rank"/> orders cards.</summary>
public sealed record OperationFragment(string Id, long Version, string Rank, string Html);

/// <summary>What a browser that reconnects missed: cards changed since its version, and the ids that exist now.</summary>
public sealed record CatchUpResult(long Version, IReadOnlyList<OperationFragment> Changed, IReadOnlyList<string> Ids, string SummaryHtml);

/// <summary>Messages the server pushes to every browser.</summary>
public interface IDashboardClient
{
    Task OperationChanged(OperationFragment fragment);

    Task OperationRemoved(string id, long version);

    Task SummaryChanged(string html);
}
