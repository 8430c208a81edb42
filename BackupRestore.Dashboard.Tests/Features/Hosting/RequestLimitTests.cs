using System.Net;
using System.Text;
using System.Text.Json;
using BackupRestore.Dashboard.Features.Audit;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Simulator.Nsx;

namespace BackupRestore.Dashboard.Tests.Features.Hosting;

/// <summary>Unbounded input: bodies over the limit get 413 and do nothing; audit parameters are bounded; the audit is paged.</summary>
public sealed class RequestLimitTests : IAsyncLifetime
{
    private SimulatorHandle sim = default!;
    private DashboardApp app = default!;

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        sim.AddNsx("east", NsxScenario.RunsToSuccess);
        sim.AddNsx("west", NsxScenario.SuspendsForUserAction);
        app = DashboardApp.Start([sim.TargetOptions("nsx", "east"), sim.TargetOptions("nsx", "west")], new ManualTimeProvider(DateTimeOffset.UtcNow));
        await app.WaitForOperationAsync("west:cluster-restore");
        await app.WaitForOperationAsync("east:cluster-restore");
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task An_api_body_over_the_limit_gets_413_with_a_clear_message_and_nothing_is_recorded_or_sent()
    {
        using var api = await app.ApiClientAsync(Roles.Operator);
        var big = JsonSerializer.Serialize(new { note = new string('x', 2 * 1024 * 1024) });
        using var declared = new HttpRequestMessage(HttpMethod.Post, "/api/operations/west:cluster-restore/actions/cancel")
        {
            Content = new StringContent(big, Encoding.UTF8, "application/json"),
        };
        declared.Headers.ExpectContinue = true;
        using var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/operations/west:cluster-restore/actions/cancel")
        {
            Content = new StreamContent(new UnknownLengthStream(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { note = new string('y', (1024 * 1024) + 4096) })))),
        };
        chunked.Content.Headers.ContentType = new("application/json");

        using var first = await api.SendAsync(declared);
        var firstBody = await first.Content.ReadAsStringAsync();
        using var second = await app.ApiClientAsync(Roles.Operator);
        using var secondResponse = await second.SendAsync(chunked);
        var secondBody = await secondResponse.Content.ReadAsStringAsync();
        using var reader = await app.ApiClientAsync(Roles.Operator);
        using var audit = await reader.GetAsync("/api/audit");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, first.StatusCode);
        Assert.Equal("The request body is larger than the 1,048,576 bytes this dashboard accepts (Limits:MaxApiBodyBytes). Nothing was done.",
            JsonDocument.Parse(firstBody).RootElement.Text("error"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, secondResponse.StatusCode);
        Assert.Contains("Limits:MaxApiBodyBytes", secondBody, StringComparison.Ordinal);
        Assert.Equal("0", audit.Headers.GetValues("X-Total-Count").Single());
        Assert.Empty(sim.ActionCalls("nsx", "west"));
    }

    [Fact]
    public async Task A_form_over_the_limit_gets_413_and_does_nothing()
    {
        using var operatorSession = await DashboardSession.SignInAsync(app, Roles.Operator);

        // Sign-out is a form post that would end the session: refused, it must not.
        using var response = await operatorSession.PostFormAsync("/logout", [new("note", new string('z', (1024 * 1024) + 10))], expectContinue: true);
        using var afterwards = await operatorSession.GetAsync("/targets");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("Limits:MaxFormBodyBytes", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, afterwards.StatusCode);
    }

    [Fact]
    public async Task Each_stored_audit_parameter_is_bounded_and_says_what_was_cut()
    {
        using var api = await app.ApiClientAsync(Roles.Operator);
        var body = new { note = new string('n', 200_000), items = Enumerable.Range(0, 500).ToArray(), location = "sftp://backup.example/x" };

        await api.PostJsonAsync("/api/operations/west:cluster-restore/actions/cancel", body, HttpStatusCode.OK);
        var text = await api.GetStringAsync("/api/audit?target=west");
        var parameters = JsonDocument.Parse(text).RootElement[0].GetProperty("parameters");

        Assert.True(text.Length < 20_000, $"The audit entry is {text.Length} characters long.");
        var note = parameters.Text("note");
        Assert.StartsWith(new string('n', AuditParameters.MaxString) + "… [truncated] (200,000 characters, 199,000 cut)", note, StringComparison.Ordinal);
        var items = parameters.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(AuditParameters.MaxItems + 1, items.Count);
        Assert.Equal("[truncated] 400 more items cut", items[^1].GetString());
        Assert.Equal("sftp://backup.example/x", parameters.Text("location"));
    }

    [Fact]
    public async Task The_audit_api_pages_with_a_total_and_a_next_link_that_walks_every_entry_once()
    {
        using var api = await app.ApiClientAsync(Roles.Operator);
        for (var i = 0; i < 5; i++)
        {
            // Not offered while running: refused at once, recorded each time.
            await api.PostJsonAsync("/api/operations/east:cluster-restore/actions/cancel", null, HttpStatusCode.Conflict);
        }

        var ids = new List<long>();
        var totals = new List<string>();
        string? next = "/api/audit?target=east&take=2";
        while (next is not null)
        {
            using var response = await api.GetAsync(next);
            totals.Add(response.Headers.GetValues("X-Total-Count").Single());
            ids.AddRange(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.EnumerateArray().Select(e => e.GetProperty("id").GetInt64()));
            next = response.Headers.TryGetValues("Link", out var link) ? link.Single().Split(';')[0].Trim('<', '>') : null;
        }
        var direct = await app.Get<AuditLog>().PageAsync(new AuditQuery(Target: "east"), skip: 4, take: 2, default);

        Assert.Equal(["5", "5", "5"], totals);
        Assert.Equal(5, ids.Distinct().Count());
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Equal((5, 1, (int?)null), (direct.Total, direct.Rows.Count, direct.NextSkip));
        Assert.Equal(ids[^1], direct.Rows[0].Id);
    }

    /// <summary>A body whose length is not declared: sent chunked, so only reading can find it too large.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
