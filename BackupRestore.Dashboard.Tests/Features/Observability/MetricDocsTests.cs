using System.Diagnostics.Metrics;
using System.Text.Json;
using System.Text.RegularExpressions;
using BackupRestore.Dashboard.Features.Observability;
using BackupRestore.Dashboard.Tests.Infrastructure;

namespace BackupRestore.Dashboard.Tests.Features.Observability;

/// <summary>The Grafana dashboard, the alert rules and the README name only metrics the app has, and the README lists them all.</summary>
public sealed partial class MetricDocsTests
{
    [Fact]
    public async Task Docs_use_only_the_dashboards_metric_names_and_the_readme_lists_every_one()
    {
        await using var app = DashboardApp.Start([], settings: new Dictionary<string, string?> { ["Demo:Enabled"] = "false" });
        var instruments = new HashSet<string>(StringComparer.Ordinal);
        using (var listener = new MeterListener())
        {
            listener.InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Name == DashboardMetrics.MeterName)
                {
                    lock (instruments)
                    {
                        instruments.Add(PrometheusName(instrument));
                    }
                }
            };
            listener.Start();
        }
        var grafana = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Docs, "grafana-dashboard.json"));
        var alerts = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Docs, "prometheus-alerts.yml"));
        var readme = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "README.md"));
        using var _ = JsonDocument.Parse(grafana);

        Assert.Equal(15, instruments.Count);
        Assert.All(NamesIn(grafana).Concat(NamesIn(alerts)).Concat(NamesIn(readme)), n => Assert.Contains(n, instruments));
        Assert.All(instruments, n => Assert.Contains($"`{n}`", readme, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("backuprestore_target_reachable == 0", "5m")]
    [InlineData("{kind=\"restore\", state=\"failed\"}", null)]
    [InlineData("backuprestore_operations{kind=\"restore\", state=\"suspended\"}", "15m")]
    [InlineData("backuprestore_webhook_dead_letters > 0", "5m")]
    public async Task The_alert_rules_hold_the_issues_alerts_with_their_durations(string expression, string? duration)
    {
        var alerts = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Docs, "prometheus-alerts.yml"));

        var rule = Assert.Single(alerts.Split("- alert:"), r => r.Contains($"expr: ", StringComparison.Ordinal) && r.Contains(expression, StringComparison.Ordinal));

        Assert.Equal(duration, For().Match(rule) is { Success: true } m ? m.Groups[1].Value : null);
    }

    /// <summary>As the Prometheus exporter names it: dots to underscores, seconds as a suffix, counters end in _total.</summary>
    private static string PrometheusName(Instrument instrument) =>
        instrument.Name.Replace('.', '_')
        + (instrument.Unit == "s" ? "_seconds" : "")
        + (instrument.GetType().GetGenericTypeDefinition() == typeof(Counter<>) || instrument.GetType().GetGenericTypeDefinition() == typeof(ObservableCounter<>) ? "_total" : "");

    private static IEnumerable<string> NamesIn(string text) =>
        MetricName().Matches(text).Select(m => m.Groups[1].Value).Distinct();

    [GeneratedRegex(@"\bfor: (\S+)")]
    private static partial Regex For();

    [GeneratedRegex(@"\b(backuprestore_[a-z_]+?)(?:_bucket|_count|_sum)?\b")]
    private static partial Regex MetricName();
}
