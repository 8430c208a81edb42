using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace BackupRestore.Dashboard.Tests.Features.Targets;

public sealed class TargetConfigurationTests
{
    [Fact]
    public void A_bad_target_stops_the_start_with_messages_that_name_each_key()
    {
        var bad = new TargetOptions { Name = "bad name!", System = "nsxt", BaseUrl = "ftp://nowhere", UserName = "", Password = "", PollInterval = TimeSpan.Zero };

        var error = Assert.Throws<OptionsValidationException>(() => DashboardApp.Start([bad]));

        Assert.Contains(error.Failures, f => f.StartsWith("Targets:0:Name 'bad name!'", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Targets:0:System 'nsxt' is not supported. Use one of: nsx", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Targets:0:BaseUrl 'ftp://nowhere' is not an absolute http(s) URL", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Targets:0:UserName is missing", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Targets:0:Password is missing", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Targets:0:PollInterval '00:00:00' must be between", StringComparison.Ordinal));
    }

    [Fact]
    public void Duplicate_names_and_an_unknown_nsx_auth_are_refused()
    {
        TargetOptions Good(string name) => new() { Name = name, System = "nsx", BaseUrl = "https://nsx.example.com", UserName = "admin", Password = "x", Auth = "kerberos" };

        var error = Assert.Throws<OptionsValidationException>(() => DashboardApp.Start([Good("a"), Good("A")]));

        Assert.Contains(error.Failures, f => f.StartsWith("Targets:1:Name 'A' is used by another target", StringComparison.Ordinal));
        Assert.Contains(error.Failures, f => f.StartsWith("Targets:0:Auth 'kerberos' is not supported for nsx", StringComparison.Ordinal));
    }
}
