using System.Net;
using System.Text.Json;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator;
using BackupRestore.Simulator.Nsx;
using BackupRestore.Simulator.Vcenter;

namespace BackupRestore.Dashboard.Tests.Features.Audit;

/// <summary>What the audit trail records for each kind of outcome, and how it is read back (API, filters, CSV).</summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("east", NsxScenario.RunsToSuccess);
        sim.AddNsx("west", NsxScenario.SuspendsForUserAction);
        sim.Fleet.AddVcenter("vc", VcenterScenario.Idle);
        app = DashboardApp.Start(new[] { ("nsx", "east"), ("nsx", "west"), ("vcenter", "vc") }.Select(t => sim.TargetOptions(t.Item1, t.Item2)),
            new ManualTimeProvider(DateTimeOffset.UtcNow));
        await app.WaitForOperationAsync("west:cluster-restore");
        await app.WaitForOperationAsync("east:cluster-restore");
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task Success_refusal_and_failure_are_each_recorded_with_who_what_and_why()
    {
        using var http = await app.ApiClientAsync(Roles.Operator);
        await http.PostJsonAsync("/api/operations/west:cluster-restore/actions/cancel", null, HttpStatusCode.OK);
        await http.PostJsonAsync("/api/operations/east:cluster-restore/actions/cancel", null, HttpStatusCode.Conflict);
        await sim.SetFaultAsync("nsx", "east", SimFaultKind.Conflict);
        await http.PostJsonAsync("/api/operations/east:cluster-restore/actions/suspend", null, HttpStatusCode.Conflict);

        var entries = (await http.GetJsonAsync("/api/audit")).EnumerateArray().Reverse().ToList();

        Assert.Equal(3, entries.Count);
        var (done, notOffered, conflict) = (entries[0], entries[1], entries[2]);
        Assert.Equal(("succeeded", "cancel", "west"), (done.Text("outcome"), done.Text("action"), done.Text("target")));
        Assert.StartsWith("token:", done.Text("user"), StringComparison.Ordinal);
        Assert.Equal(("operator", "127.0.0.1"), (done.Text("role"), done.Text("clientAddress")));
        Assert.NotEqual(JsonValueKind.Null, done.GetProperty("completedAt").ValueKind);
        Assert.Equal("refused", notOffered.Text("outcome"));
        Assert.Contains("does not offer it now", notOffered.Text("detail"), StringComparison.Ordinal);
        Assert.Equal("refused", conflict.Text("outcome"));
        Assert.Equal("22013", conflict.GetProperty("vendorError").Text("code"));
    }

    [Fact]
    public async Task Parameters_are_kept_with_their_secrets_removed()
    {
        using var http = await app.ApiClientAsync(Roles.Operator);
        await http.PostJsonAsync("/api/targets/vc/actions/validate", new
        {
            location_type = "SFTP", location = "sftp://b/x", location_user = "backup", location_password = "Top-Secret-1!",
            backup_password = "Top-Secret-2!", sso_admin_user_password = "Top-Secret-3!",
        }, HttpStatusCode.OK);

        var text = await http.GetStringAsync("/api/audit?target=vc");
        var parameters = JsonDocument.Parse(text).RootElement[0].GetProperty("parameters");

        Assert.Equal("sftp://b/x", parameters.Text("location"));
        Assert.Equal("[removed]", parameters.Text("location_password"));
        Assert.DoesNotContain("Top-Secret", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_double_submit_is_one_backend_call_and_two_records_the_second_pointing_at_the_first()
    {
        using var http = await app.ApiClientAsync(Roles.Operator);
        var path = new Uri("/api/operations/west:cluster-restore/actions/cancel", UriKind.Relative);
        using var first = new HttpRequestMessage(HttpMethod.Post, path) { Headers = { { "Idempotency-Key", "double-click-9" } } };
        using var second = new HttpRequestMessage(HttpMethod.Post, path) { Headers = { { "Idempotency-Key", "double-click-9" } } };

        var sent = await Task.WhenAll(http.SendAsync(first), http.SendAsync(second));
        foreach (var response in sent)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            response.Dispose();
        }
        using var admin = await app.ApiClientAsync(Roles.Admin);
        var entries = (await admin.GetJsonAsync("/api/audit?action=cancel")).EnumerateArray().Reverse().ToList();

        Assert.Single(sim.ActionCalls("nsx", "west"));
        Assert.Equal(["succeeded", "refused"], entries.Select(e => e.Text("outcome")));
        Assert.Contains($"Same submit as attempt #{entries[0].GetProperty("id").GetInt64()}", entries[1].Text("detail"), StringComparison.Ordinal);
        Assert.All(entries, e => Assert.Equal(entries[0].Text("user"), e.Text("user")));
    }

    [Fact]
    public async Task The_api_filters_and_the_csv_export_agree()
    {
        using var http = await app.ApiClientAsync(Roles.Operator);
        await http.PostJsonAsync("/api/operations/east:cluster-restore/actions/cancel", null, HttpStatusCode.Conflict);
        await http.PostJsonAsync("/api/operations/west:cluster-restore/actions/cancel", null, HttpStatusCode.OK);

        var refused = (await http.GetJsonAsync("/api/audit?outcome=refused")).EnumerateArray().ToList();
        var west = (await http.GetJsonAsync("/api/audit?target=west")).EnumerateArray().ToList();
        var future = (await http.GetJsonAsync($"/api/audit?from={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(1).ToString("O"))}")).EnumerateArray().ToList();
        using var session = await DashboardSession.SignInAsync(app, Roles.Operator);
        var csv = (await session.GetStringAsync("/audit.csv?outcome=refused")).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("east", Assert.Single(refused).Text("target"));
        Assert.Equal("succeeded", Assert.Single(west).Text("outcome"));
        Assert.Empty(future);
        Assert.StartsWith("id,at,user,role,client_address,target,operation", csv[0], StringComparison.Ordinal);
        Assert.Equal(2, csv.Length);
        Assert.Contains(",east,east:cluster-restore,,cancel,", csv[1], StringComparison.Ordinal);
    }
}
