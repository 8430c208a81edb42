using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Dashboard.Vendors;
using BackupRestore.Simulator;
using BackupRestore.Simulator.Cbr;
using BackupRestore.Simulator.Cse;
using BackupRestore.Simulator.GeminiDb;
using BackupRestore.Simulator.Nsx;
using BackupRestore.Simulator.Vcenter;

namespace BackupRestore.Dashboard.Tests.Vendors;

/// <summary>One simulated target per system, each with something going on, and the app's connector for it.</summary>
internal static class VendorTargetsFixture
{
    public static readonly string[] Systems = [SimSystems.Nsx, SimSystems.Vcenter, SimSystems.GeminiDb, SimSystems.Cse, SimSystems.Cbr];

    public static TargetOptions Add(SimulatorHandle sim, string system, string name = "t1")
    {
        _ = system switch
        {
            SimSystems.Nsx => sim.Fleet.AddNsx(name, NsxScenario.SuspendsForUserAction),
            SimSystems.Vcenter => sim.Fleet.AddVcenter(name, VcenterScenario.Running),
            SimSystems.GeminiDb => sim.Fleet.AddGeminiDb(name, GeminiDbScenario.Default),
            SimSystems.Cse => sim.Fleet.AddCse(name, CseScenario.Demo),
            _ => sim.Fleet.AddCbr(name, CbrScenario.Demo),
        };
        return sim.TargetOptions(system, name);
    }

    public static IVendorConnector Connector(VendorClients clients, string system) =>
        clients.Get<IEnumerable<IVendorConnector>>().Single(c => c.System == system);

    /// <summary>How many times the target (or IAM, for Huawei systems) was asked for a session or token.</summary>
    public static int Logins(SimulatorHandle sim, string system, string name = "t1") => system switch
    {
        SimSystems.Nsx => sim.Target(system, name).CallLog.Count(c => c.StartsWith("POST /api/session/create", StringComparison.Ordinal)),
        SimSystems.Vcenter => sim.Target(system, name).CallLog.Count(c => c == "POST /api/session"),
        _ => sim.Fleet.Iam.Issued,
    };

    /// <summary>Makes the target forget every session (NSX, vCenter) or IAM revoke every token (Huawei).</summary>
    public static void ExpireCredentials(SimulatorHandle sim, string system, string name = "t1")
    {
        if (system is SimSystems.Nsx or SimSystems.Vcenter)
        {
            sim.Target(system, name).Sessions.ExpireAll();
        }
        else
        {
            sim.Fleet.Iam.RevokeAll();
        }
    }
}
