using System.Text.Json;
using BackupRestore.Dashboard.Features.Operations;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Dashboard.Vendors;
using BackupRestore.Simulator;

namespace BackupRestore.Dashboard.Tests.Vendors;

/// <summary>
/// Every system's Refit client, through the app's own pipeline, against the simulator over real HTTP: tolerant
/// parsing, renewal of a refused session or token, and the vendor's own error body for a call that is missing.
/// </summary>
public sealed class VendorClientTableTests : IAsyncLifetime
{
    private SimulatorHandle sim = default!;
    private VendorClients clients = default!;

    public static TheoryData<string, WireQuirks> QuirkCases()
    {
        var data = new TheoryData<string, WireQuirks>();
        foreach (var system in VendorTargetsFixture.Systems)
        {
            data.Add(system, new WireQuirks(NumbersAsStrings: true));
            data.Add(system, new WireQuirks(UnknownFields: true));
            data.Add(system, new WireQuirks(DuplicateKeys: true));
            data.Add(system, new WireQuirks(NumbersAsStrings: true, UnknownFields: true, DuplicateKeys: true));
        }
        return data;
    }

    public static TheoryData<string> Systems() => [.. VendorTargetsFixture.Systems];

    public async Task InitializeAsync()
    {
        sim = await SimulatorHandle.StartAsync();
        clients = new VendorClients(sim.Time);
    }

    public async Task DisposeAsync()
    {
        await clients.DisposeAsync();
        await sim.DisposeAsync();
    }

    [Theory]
    [MemberData(nameof(QuirkCases))]
    public async Task Numbers_as_strings_unknown_fields_and_duplicate_keys_read_the_same_operations(string system, WireQuirks quirks)
    {
        var target = VendorTargetsFixture.Add(sim, system);
        var connector = VendorTargetsFixture.Connector(clients, system);
        var plain = await connector.PollAsync(target, default);

        sim.Target(system, "t1").Quirks = quirks;
        var bent = await connector.PollAsync(target, default);

        Assert.NotEmpty(plain.Operations);
        Assert.Empty(bent.Gaps);
        Assert.Equal(Json(plain.Operations), Json(bent.Operations));
    }

    [Theory]
    [MemberData(nameof(Systems))]
    public async Task A_session_or_token_the_backend_forgot_is_renewed_once_and_the_poll_succeeds(string system)
    {
        var target = VendorTargetsFixture.Add(sim, system);
        var connector = VendorTargetsFixture.Connector(clients, system);
        await connector.PollAsync(target, default);
        var logins = VendorTargetsFixture.Logins(sim, system);

        VendorTargetsFixture.ExpireCredentials(sim, system);
        var read = await connector.PollAsync(target, default);

        Assert.NotEmpty(read.Operations);
        Assert.Equal(1, logins);
        Assert.Equal(2, VendorTargetsFixture.Logins(sim, system));
    }

    [Theory]
    [InlineData("nsx", "NSX answered 404 (404): The requested URI could not be found.")]
    [InlineData("vcenter", "vCenter answered 404 (NOT_FOUND): Operation not found.")]
    [InlineData("geminidb", "GeminiDB answered 404 (APIGW.0101): The API does not exist or has not been published in the environment.")]
    [InlineData("cse", "CSE answered 404 (APIGW.0101): The API does not exist or has not been published in the environment.")]
    [InlineData("cbr", "CBR answered 404 (APIGW.0101): The API does not exist or has not been published in the environment.")]
    public async Task A_primary_read_the_backend_lacks_is_a_target_error_with_the_vendors_body_word_for_word(string system, string expected)
    {
        var target = VendorTargetsFixture.Add(sim, system);
        await sim.SetFaultAsync(system, "t1", SimFaultKind.Missing, path: system == "vcenter" ? "/appliance/" : null);

        var error = await Assert.ThrowsAsync<VendorException>(() => VendorTargetsFixture.Connector(clients, system).PollAsync(target, default));

        Assert.Equal(expected, error.Message);
    }

    private static string Json(IReadOnlyList<Operation> operations) => JsonSerializer.Serialize(operations, DashboardJsonContext.Default.IReadOnlyListOperation);
}
