using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;
using Npgsql;

namespace BackupRestore.Dashboard.Tests.Features.ScaleOut;

/// <summary>Two instances share the webhook outbox in PostgreSQL: a delivery is attempted by one of them, never by both.</summary>
public sealed class SharedOutboxTests : IAsyncLifetime
{
    private PostgresServer postgres = default!;
    private SimulatorHandle sim = default!;

    public async Task InitializeAsync()
    {
        postgres = await PostgresServer.StartAsync();
        sim = await SimulatorHandle.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await sim.DisposeAsync();
        await postgres.DisposeAsync();
    }

    [Fact]
    public async Task A_failing_webhook_is_attempted_by_one_instance_per_attempt()
    {
        var machine = sim.AddNsx("dr", NsxScenario.FailsThenSucceedsOnRetry with { StartAtStep = 5 });
        await using var receiver = await WebhookReceiver.StartAsync(failures: int.MaxValue);
        // Each post stays in flight for a while: without claiming, the other instance's tick would post it too.
        receiver.Latency = TimeSpan.FromMilliseconds(700);
        var connection = postgres.ConnectionString("outbox");
        var targets = new[] { sim.TargetOptions("nsx", "dr", TimeSpan.FromSeconds(1)) };
        await using var a = DashboardApp.Start(targets, settings: Settings("a", connection, receiver));
        await using var b = DashboardApp.Start(targets, settings: Settings("b", connection, receiver));
        var holder = await ScaleOutCluster.Until(TimeSpan.FromSeconds(30), "a lease holder", async () =>
            await ScalarAsync<string>(connection, """SELECT "Owner" FROM target_leases WHERE "ExpiresAt" > now()"""));
        // The holder must have seen the restore running: the failure is then a transition, which is what notifies.
        await (holder == "a" ? a : b).WaitForOperationAsync("dr:cluster-restore", o => o.State == BackupRestore.Dashboard.Features.Operations.OperationState.Running);

        machine.CompleteCurrentStep(); // the restore fails: the holder's next poll sees running → failed
        var attempts = await ScaleOutCluster.Until(TimeSpan.FromSeconds(60), "the delivery to end as a dead letter", async () =>
            await ScalarAsync<object>(connection, """SELECT "Attempts" FROM webhook_deliveries WHERE "Status" = 'dead'"""));

        Assert.Equal(3, Convert.ToInt32(attempts, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3, receiver.Bodies.Count);
        Assert.Equal(1L, await ScalarAsync<object>(connection, "SELECT count(*) FROM webhook_deliveries"));
    }

    private static Dictionary<string, string?> Settings(string instance, string connection, WebhookReceiver receiver) => new()
    {
        ["Database:Provider"] = "postgres",
        ["ConnectionStrings:Dashboard"] = connection,
        ["Instance:Id"] = instance,
        ["ScaleOut:Enabled"] = "true",
        ["ScaleOut:RenewInterval"] = "00:00:00.5",
        ["ScaleOut:LeaseDuration"] = "00:00:03",
        ["Notifications:Webhooks:0:Name"] = "noc",
        ["Notifications:Webhooks:0:Url"] = receiver.Url.ToString(),
        ["Notifications:Webhooks:0:Format"] = "generic",
        ["Notifications:Webhooks:0:Transitions:0"] = "failed",
        ["Notifications:MaxAttempts"] = "3",
        ["Notifications:FirstRetry"] = "00:00:00.5",
    };

    private static async Task<T?> ScalarAsync<T>(string connectionString, string sql) where T : class
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        try
        {
            return await command.ExecuteScalarAsync() as T;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return null; // the first instance has not migrated yet
        }
    }
}
