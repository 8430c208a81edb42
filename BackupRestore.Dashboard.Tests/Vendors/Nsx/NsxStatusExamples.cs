using System.Text.Json;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Vendors.Nsx;

namespace BackupRestore.Dashboard.Tests.Vendors.Nsx;

/// <summary>ClusterRestoreStatus examples in each state, shaped like the vendor's own (§1.3), and their operations.</summary>
internal static class NsxStatusExamples
{
    public const string InstructionId = "7d1c7d3e-6a4b-4b0e-9d54-2f2d3c9e0a11";

    public static readonly TargetOptions Target = new() { Name = "nsx-test", System = "nsx", BaseUrl = "https://nsx.example.com" };

    public static NsxRestoreStatus Status(string value, params string[] actions) => new(
        "f0e1d2c3-0000-4000-8000-000000000001",
        1795312860000,
        value == "INITIAL" ? null : 1795345628560,
        value is "SUCCESS" or "ABORTED" ? 1795346628560 : null,
        new NsxStatusValue(value, $"{value} description"),
        value == "INITIAL" ? null : new NsxRestoreStep(8, "RECONCILE_FABRIC_NODES", "Reconciling fabric nodes", new NsxStatusValue(value == "SUCCESS" ? "SUCCESS" : value, "step status")),
        11,
        actions.Select(a => new NsxResourceLink(a, $"/api/v1/cluster/restore?action={a}", "action")).ToList(),
        value == "SUSPENDED_FOR_USER_ACTION"
            ? [new NsxInstructionInfo(InstructionId, "Reset Fabric Nodes", ["Run 'del nsx' on each node.", "Restart the node agent."], ["display_name", "id", "resource_type", "IP"])]
            : []);

    public static IReadOnlyDictionary<string, IReadOnlyList<JsonElement>> Resources { get; } = new Dictionary<string, IReadOnlyList<JsonElement>>
    {
        [InstructionId] =
        [
            JsonDocument.Parse("""{"id":"tn-1","display_name":"esx-01","resource_type":"TransportNode","ip_address":"10.0.0.1"}""").RootElement,
            JsonDocument.Parse("""{"id":"tn-2","display_name":"esx-02","resource_type":"TransportNode","ip_address":"10.0.0.2"}""").RootElement,
        ],
    };

    public static IReadOnlyList<NsxClusterBackupInfo> Backups { get; } =
    [
        new(1795312860000, "node-1", "10.10.10.11", ["REGULAR_RESTORE"]),
        new(1795227420000, "node-1", "10.10.10.11", ["REGULAR_RESTORE"]),
    ];

    public static Operation Operation(string value, params string[] actions) =>
        NsxMapping.ToOperation(Target, Status(value, actions), Resources, actions.Contains("start") ? Backups : []);
}
