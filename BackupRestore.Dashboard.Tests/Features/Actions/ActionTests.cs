using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BackupRestore.Dashboard.Features.Actions;
using BackupRestore.Dashboard.Features.Audit;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Vendors;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Features.Actions;

/// <summary>Actions through the running app, as pages send them (the shared action service) and through the JSON API, against the simulator.</summary>
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

    private static readonly ActionActor Operator = new("olivia", Roles.Operator, "127.0.0.1");

    private IOperationActions Actions => app.Get<IOperationActions>();

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task A_confirmed_cancel_from_a_page_cancels_the_restore_and_reports_the_new_status()
    {
        var (outcome, repeated) = await Actions.ExecuteAsync(Operator, Suspended, ActionInput.Of("cancel"), "ui:cancel-7");

        Assert.Equal(ActionResultKind.Succeeded, outcome.Kind);
        Assert.False(repeated);
        Assert.Contains("Status now: ABORTED", outcome.Summary, StringComparison.Ordinal);
        Assert.Equal(OperationState.Cancelled, outcome.Operation!.State);
        Assert.Equal(["POST /api/v1/cluster/restore?action=cancel"], sim.ActionCalls("nsx", "west"));
    }

    [Fact]
    public async Task The_same_submission_from_two_pages_at_once_calls_the_backend_once()
    {
        var first = Actions.ExecuteAsync(Operator, Suspended, ActionInput.Of("cancel"), "ui:same-version");
        var second = Actions.ExecuteAsync(Operator, Suspended, ActionInput.Of("cancel"), "ui:same-version");
        var outcomes = await Task.WhenAll(first, second);

        Assert.All(outcomes, o => Assert.Contains("Status now: ABORTED", o.Outcome.Summary, StringComparison.Ordinal));
        Assert.Single(outcomes, o => o.Repeated);
        Assert.Single(sim.ActionCalls("nsx", "west"));
    }

    [Fact]
    public async Task Submitting_again_after_success_gets_the_first_outcome_without_a_second_call()
    {
        await Actions.ExecuteAsync(Operator, Suspended, ActionInput.Of("cancel"), "ui:again");
        var (again, repeated) = await Actions.ExecuteAsync(Operator, Suspended, ActionInput.Of("cancel"), "ui:again");

        Assert.Equal(ActionResultKind.Succeeded, again.Kind);
        Assert.True(repeated);
        Assert.Single(sim.ActionCalls("nsx", "west"));
    }

    [Fact]
    public async Task An_action_no_longer_offered_is_refused_from_a_page_without_a_backend_call()
    {
        var (outcome, _) = await Actions.ExecuteAsync(Operator, Running, ActionInput.Of("cancel"), "ui:stale-button");

        Assert.Equal(ActionResultKind.Refused, outcome.Kind);
        Assert.Contains("does not offer it now", outcome.Summary, StringComparison.Ordinal);
        Assert.Empty(sim.ActionCalls("nsx", "east"));
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
