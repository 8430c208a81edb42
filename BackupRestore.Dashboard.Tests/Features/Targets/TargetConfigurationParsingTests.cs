using BackupRestore.Dashboard.Features.Demo;
using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Tests.Features.Targets;

/// <summary>Values that do not parse stop the start by name; they never make a target vanish or bring up the demo.</summary>
public sealed class TargetConfigurationParsingTests
{
    private static TargetOptions Nsx(string name) => new()
    {
        Name = name, System = "nsx", BaseUrl = "https://nsx.example.com", UserName = "admin", Password = "x",
    };

    [Theory]
    [InlineData("abc")]
    [InlineData("5s")]
    public void A_poll_interval_that_does_not_parse_stops_the_start_naming_key_value_and_form(string value)
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            DashboardApp.Start([Nsx("only")], settings: new Dictionary<string, string?> { ["Targets:0:PollInterval"] = value }));

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith($"Targets:0:PollInterval '{value}' is not a TimeSpan: [d.]hh:mm:ss[.fff], e.g. 00:00:05", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_value_in_one_target_is_named_while_the_valid_one_beside_it_is_still_checked()
    {
        var error = Assert.Throws<OptionsValidationException>(() => DashboardApp.Start([Nsx("good"), Nsx("bad")], settings: new Dictionary<string, string?>
        {
            ["Targets:1:RequestTimeout"] = "ten seconds",
            ["Targets:0:Auth"] = "kerberos",
        }));

        Assert.Contains(error.Failures, f => f.StartsWith("Targets:1:RequestTimeout 'ten seconds' is not a TimeSpan", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Targets:0:Auth 'kerberos' is not supported for nsx", StringComparison.Ordinal));
    }

    [Fact]
    public void A_misspelt_key_is_refused_with_the_keys_that_exist()
    {
        var error = Assert.Throws<OptionsValidationException>(() =>
            DashboardApp.Start([Nsx("typo")], settings: new Dictionary<string, string?> { ["Targets:0:PollIntervall"] = "00:00:05" }));

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("Targets:0:PollIntervall is not a known key. Known keys: Name, System, BaseUrl", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_webhook_rule_with_a_value_that_does_not_parse_is_named_too()
    {
        var error = Assert.Throws<OptionsValidationException>(() => DashboardApp.Start([Nsx("a")], settings: new Dictionary<string, string?>
        {
            ["Notifications:Webhooks:0:Url"] = "https://hooks.example.com/x",
            ["Notifications:Webhooks:0:Colour"] = "red",
        }));

        Assert.Contains(error.Failures, f => f.StartsWith("Notifications:Webhooks:0:Colour is not a known key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_targets_section_keeps_the_demo_fleet_off_even_when_no_target_bound()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Targets:0:PollInterval"] = "abc" }).Build();
        var catalog = new TargetCatalog(Options.Create(new DashboardTargetsOptions()));
        await using var demo = new DemoFleet(catalog, Options.Create(new DemoOptions { Enabled = true }), TimeProvider.System, configuration, NullLogger<DemoFleet>.Instance);

        await demo.StartAsync(default);

        Assert.Null(demo.Simulator);
        Assert.True(catalog.IsEmpty);
    }

    [Fact]
    public async Task In_production_a_lone_target_that_does_not_parse_stops_the_process_instead_of_starting_the_demo()
    {
        var environment = DashboardProcess.TargetEnvironment(0, Nsx("prod"));
        environment["Targets__0__PollInterval"] = "5s";
        environment["Demo__Enabled"] = "true";
        environment["Data__Folder"] = Path.Combine(Path.GetTempPath(), "brd-tests", Guid.NewGuid().ToString("n"));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => DashboardProcess.StartAsync(environment));

        Assert.Contains("Targets:0:PollInterval '5s' is not a TimeSpan", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("demo fleet", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
