using System.Text.RegularExpressions;

namespace BackupRestore.Dashboard.Features.ScaleOut;

/// <summary>
/// <c>Instance:Id</c>: this process among the dashboards on one database (lease owner, heartbeat row, and the vendor
/// clients' User-Agent). Default: machine name and process id, so a restarted process is a new instance.
/// </summary>
public sealed partial class InstanceOptions
{
    public string Id { get; set; } = "";

    public static string DefaultId => $"{Environment.MachineName}-{Environment.ProcessId}";

    /// <summary>Safe inside a User-Agent comment and a log line.</summary>
    public bool IsValid => Id.Length is > 0 and <= 100 && IdCharacters().IsMatch(Id);

    [GeneratedRegex(@"^[A-Za-z0-9._:\-]+$")]
    private static partial Regex IdCharacters();
}

/// <summary>
/// <c>ScaleOut:LeaseDuration</c> and <c>ScaleOut:RenewInterval</c> (PostgreSQL only). A dead instance's targets are
/// taken over at most LeaseDuration + RenewInterval after its last renewal: 10 s + 2 s by default.
/// </summary>
public sealed class ScaleOutOptions
{
    /// <summary>
    /// Several instances share the targets through leases (PostgreSQL only). Off by default: a single instance polls
    /// every target without asking the database, so a database outage does not stop its live view.
    /// </summary>
    public bool Enabled { get; set; }

    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan RenewInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How soon the live-state listener tries again after losing its connection (it then reads every target).</summary>
    public TimeSpan ListenRetryInterval { get; set; } = TimeSpan.FromSeconds(1);
}
