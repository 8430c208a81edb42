using BackupRestore.Dashboard.Tests.Infrastructure;

namespace BackupRestore.Dashboard.Tests.Features.ScaleOut;

/// <summary>SQLite serves one instance: a second one on the same data folder refuses to start and says what to do.</summary>
public sealed class SingleSqliteInstanceTests
{
    [Fact]
    public async Task A_second_sqlite_instance_on_the_same_data_folder_is_refused_naming_Database_Provider()
    {
        var data = Path.Combine(Path.GetTempPath(), "brd-tests", "single-" + Guid.NewGuid().ToString("n"));
        var settings = new Dictionary<string, string?> { ["Data:Folder"] = data };
        await using var sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("west", BackupRestore.Simulator.Nsx.NsxScenario.IdleWithBackups);
        var targets = new[] { sim.TargetOptions("nsx", "west") };
        try
        {
            await using (var first = DashboardApp.Start(targets, settings: settings))
            {
                var error = Assert.ThrowsAny<Exception>(() => DashboardApp.Start(targets, settings: settings));

                var message = string.Join(" | ", Messages(error));
                Assert.Contains("Database:Provider", message, StringComparison.Ordinal);
                Assert.Contains(data, message, StringComparison.Ordinal);
            }
            // The lock goes with the process that held it: the next start on the folder works.
            await using var again = DashboardApp.Start(targets, settings: settings);
            Assert.NotNull(again.Address);
        }
        finally
        {
            DashboardAppCleanup.DeleteFolder(data);
        }
    }

    private static IEnumerable<string> Messages(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            yield return e.Message;
        }
    }
}
