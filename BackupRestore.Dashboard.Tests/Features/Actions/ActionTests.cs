using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Features.Actions;

/// <summary>Actions through the running app: form posts and the JSON API, against the simulator.</summary>
public sealed class ActionTests : IAsyncLifetime
{
    private const string Suspended = "west:cluster-restore";
    private const string Running = "east:cluster-restore";
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("east", NsxScenario.RunsToSuccess);
        sim.AddNsx("west", NsxScenario.SuspendsForUserAction);
        app = DashboardApp.Start([sim.TargetOptions("nsx", "east"), sim.TargetOptions("nsx", "west")], new ManualTimeProvider(DateTimeOffset.UtcNow));
        await app.WaitForOperationAsync(Running);
        await app.WaitForOperationAsync(Suspended);
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task A_form_post_without_antiforgery_token_is_refused_and_nothing_is_sent()
    {
        using var session = await DashboardSession.SignInAsync(app, Roles.Operator);

        using var response = await session.PostFormAsync($"/operations/{Uri.EscapeDataString(Suspended)}/actions/cancel", [new("v", "1")], withToken: false);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(sim.ActionCalls("nsx", "west"));
    }

    [Fact]
    public async Task A_confirmed_cancel_form_cancels_the_restore_and_the_page_shows_the_outcome()
    {
        using var session = await DashboardSession.SignInAsync(app, Roles.Operator);

        using var response = await session.PostFormAsync($"/operations/{Uri.EscapeDataString(Suspended)}/actions/cancel", [new("v", "7")]);
        var page = await session.GetStringAsync(response.Headers.Location!.OriginalString);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("outcome=", response.Headers.Location.OriginalString, StringComparison.Ordinal);
        Assert.Contains("Done.", page, StringComparison.Ordinal);
        Assert.Contains("Status now: ABORTED", page, StringComparison.Ordinal);
        Assert.Equal(["POST /api/v1/cluster/restore?action=cancel"], sim.ActionCalls("nsx", "west"));
    }

    [Fact]
    public async Task The_same_form_submitted_twice_at_once_calls_the_backend_once()
    {
        using var session = await DashboardSession.SignInAsync(app, Roles.Operator);
        var path = $"/operations/{Uri.EscapeDataString(Suspended)}/actions/cancel";

        var first = session.PostFormAsync(path, [new("v", "3")]);
        var second = session.PostFormAsync(path, [new("v", "3")]);
        using var a = await first;
        using var b = await second;
        var pages = new[] { await session.GetStringAsync(a.Headers.Location!.OriginalString), await session.GetStringAsync(b.Headers.Location!.OriginalString) };

        Assert.All(pages, p => Assert.Contains("Status now: ABORTED", p, StringComparison.Ordinal));
        Assert.Single(sim.ActionCalls("nsx", "west"));
    }

    [Fact]
    public async Task Resubmitting_a_form_after_it_succeeded_gets_the_first_outcome_without_a_second_call()
    {
        using var session = await DashboardSession.SignInAsync(app, Roles.Operator);
        var path = $"/operations/{Uri.EscapeDataString(Suspended)}/actions/cancel";

        using var first = await session.PostFormAsync(path, [new("v", "5")]);
        using var again = await session.PostFormAsync(path, [new("v", "5")]);
        var page = await session.GetStringAsync(again.Headers.Location!.OriginalString);

        Assert.Contains("Done.", page, StringComparison.Ordinal);
        Assert.Single(sim.ActionCalls("nsx", "west"));
    }

    [Fact]
    public async Task An_action_the_backend_does_not_offer_now_is_refused_with_409_and_no_backend_call()
    {
        using var http = await app.ApiClientAsync();

        using var response = await http.PostAsync($"/api/operations/{Running}/actions/cancel", null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("does not offer it now", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains("offered: suspend", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(sim.ActionCalls("nsx", "east"));
    }

    [Fact]
    public async Task An_offered_action_returns_the_operation_afterwards()
    {
        using var http = await app.ApiClientAsync();

        using var response = await http.PostAsync($"/api/operations/{Running}/actions/suspend", null);
        var operation = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("SUSPENDING", operation.GetProperty("vendorStatus").GetString());
        Assert.Equal("running", operation.GetProperty("state").GetString());
        Assert.Equal(0, operation.GetProperty("actions").GetArrayLength());
    }

    [Fact]
    public async Task Advance_data_in_the_vendors_shape_is_validated_by_the_backend_and_its_error_returned()
    {
        using var http = await app.ApiClientAsync();

        using var response = await http.PostAsJsonAsync($"/api/operations/{Suspended}/actions/advance",
            new { data = new[] { new { id = "not-an-instruction", resources = Array.Empty<object>() } } });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("22015", body.GetProperty("vendorError").GetProperty("code").GetString());
        Assert.Contains("not-an-instruction", body.GetProperty("vendorError").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_conflict_from_the_backend_is_a_409_carrying_the_vendor_error()
    {
        using var http = await app.ApiClientAsync();
        await sim.SetFaultAsync("nsx", "west", SimFaultKind.Conflict);

        using var response = await http.PostAsync($"/api/operations/{Suspended}/actions/cancel", null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(409, body.GetProperty("vendorError").GetProperty("httpStatus").GetInt32());
        Assert.Equal("22013", body.GetProperty("vendorError").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_backend_that_fails_gives_502_and_no_action_is_sent()
    {
        using var http = await app.ApiClientAsync();
        await sim.SetFaultAsync("nsx", "west", SimFaultKind.ServerError);

        using var response = await http.PostAsync($"/api/operations/{Suspended}/actions/cancel", null);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("was not sent", body.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(sim.ActionCalls("nsx", "west"));
    }

    [Fact]
    public async Task An_unknown_operation_is_a_404()
    {
        using var http = await app.ApiClientAsync();

        using var response = await http.PostAsync("/api/operations/nope:cluster-restore/actions/cancel", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
