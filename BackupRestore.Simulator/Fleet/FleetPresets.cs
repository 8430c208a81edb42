using BackupRestore.Simulator.Cbr;
using BackupRestore.Simulator.Cse;
using BackupRestore.Simulator.GeminiDb;
using BackupRestore.Simulator.Nsx;
using BackupRestore.Simulator.Vcenter;

namespace BackupRestore.Simulator;

/// <summary>Named fleets: what the demo shows, and an empty fleet that tests fill themselves.</summary>
public static class FleetPresets
{
    public const string Demo = "demo";
    public const string Empty = "empty";

    /// <summary>"bench": many NSX managers whose restores stand still until a step is completed by hand.</summary>
    public const string Bench = "bench";

    public static void Apply(SimFleet fleet, string preset, int count = 0)
    {
        switch (preset)
        {
            case Bench:
                for (var i = 0; i < count; i++)
                {
                    fleet.AddNsx($"bench-{i:0000}", NsxScenario.RunsToSuccess with { StepDuration = TimeSpan.FromDays(1), RestartAtStep = null });
                }
                break;
            case Demo:
                AddDemo(fleet);
                break;
            case Empty:
                break;
            default:
                throw new ArgumentException($"Unknown fleet preset '{preset}'. Use '{Demo}', '{Empty}' or '{Bench}'.", nameof(preset));
        }
    }

    private static void AddDemo(SimFleet fleet)
    {
        // The running restore loops so that a demo never runs dry.
        fleet.AddNsx("nsx-east-01", NsxScenario.RunsToSuccess with
        {
            StepDuration = TimeSpan.FromSeconds(5),
            ResetAfter = TimeSpan.FromSeconds(30),
            AutoStartAfter = TimeSpan.FromSeconds(20),
        });
        fleet.AddNsx("nsx-west-02", NsxScenario.SuspendsForUserAction);
        fleet.AddNsx("nsx-dr-01", NsxScenario.FailsThenSucceedsOnRetry with
        {
            StartAtStep = 5,
            StepDuration = TimeSpan.FromSeconds(8),
            StartStepElapsed = TimeSpan.FromSeconds(8),
        });
        fleet.AddNsx("nsx-lab-01", NsxScenario.IdleWithBackups);

        fleet.AddVcenter("vcsa-prod-01", VcenterScenario.Running with { LoopAfter = TimeSpan.FromSeconds(40) });
        fleet.AddVcenter("vcsa-dr-01", VcenterScenario.Idle);
        fleet.AddVcenter("vcsa-lab-02", VcenterScenario.Failed);
        fleet.AddGeminiDb("geminidb-orders", GeminiDbScenario.WithFailure with { AutoBackupEvery = TimeSpan.FromSeconds(45) });
        fleet.AddCse("cse-prod", CseScenario.Demo);
        fleet.AddCbr("cbr-vault-prod", CbrScenario.Demo);
    }
}
