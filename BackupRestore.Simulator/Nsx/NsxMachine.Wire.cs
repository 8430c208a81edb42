namespace BackupRestore.Simulator.Nsx;

/// <summary>The machine as NSX shows it: ClusterRestoreStatus, and the backups it can restore from.</summary>
public sealed partial class NsxMachine
{
    private NsxRestoreStatusWire ToWire()
    {
        var (value, description) = step is >= 1 and <= 11 ? NsxSteps.All[step - 1] : (null, null);
        var stepWire = value is null
            ? null
            : new NsxStepWire(step, value, description!, new NsxStatusValue(stepStatus, NsxStatus.StepDescription(stepStatus, failureMessage)));
        var instructions = status == NsxStatus.SuspendedForUserAction ? instructionSet.Pending : [];
        return new NsxRestoreStatusWire(
            restoreId,
            backupTimestamp,
            restoreStart?.ToUnixTimeMilliseconds(),
            restoreEnd?.ToUnixTimeMilliseconds(),
            new NsxStatusValue(status, NsxStatus.Description(status, failureMessage)),
            stepWire,
            NsxSteps.Total,
            NsxStatus.Endpoints(status),
            instructions,
            [],
            []);
    }

    private static List<NsxBackupInfoWire> MakeBackups(DateTimeOffset now, SimRandom random)
    {
        var nodeId = random.NextGuid().ToString();
        var lastNight = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddHours(2);
        if (lastNight > now)
        {
            lastNight = lastNight.AddDays(-1);
        }
        return Enumerable.Range(0, 4)
            .Select(i => new NsxBackupInfoWire(
                lastNight.AddDays(-i).AddMinutes(random.Next(0, 20)).ToUnixTimeMilliseconds(),
                nodeId,
                "10.10.10.11",
                ["REGULAR_RESTORE"]))
            .ToList();
    }
}
