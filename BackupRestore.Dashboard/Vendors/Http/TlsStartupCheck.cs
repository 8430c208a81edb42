using BackupRestore.Dashboard.Features.Targets;

namespace BackupRestore.Dashboard.Vendors.Http;

/// <summary>Says at start, once per target, that its certificate checks are off (labs only).</summary>
internal sealed partial class TlsStartupCheck(TargetCatalog catalog, ILogger<TlsStartupCheck> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var target in catalog.All.Where(t => t.Tls.AllowUntrusted))
        {
            LogUntrusted(logger, target.Name, target.ConfigKey);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Target}: TLS certificate checks are OFF ({Key}:Tls:AllowUntrusted=true). Any server can pose as this target; use it in a lab only, or pin the certificate with {Key}:Tls:CertificateThumbprint.")]
    private static partial void LogUntrusted(ILogger logger, string target, string key);
}
