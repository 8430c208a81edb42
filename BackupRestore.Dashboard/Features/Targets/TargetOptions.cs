namespace BackupRestore.Dashboard.Features.Targets;

/// <summary>
/// One backend the dashboard watches (configuration <c>Targets:N:*</c>). Keys a system does not use stay empty;
/// each connector validates the keys of its own system.
/// </summary>
public sealed class TargetOptions
{
    public string Name { get; set; } = "";

    public string System { get; set; } = "";

    public string BaseUrl { get; set; } = "";

    public string UserName { get; set; } = "";

    /// <summary>Never rendered, logged or returned by the API.</summary>
    public string Password { get; set; } = "";

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one call to the backend may take before it counts as failed.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a finished operation this target no longer lists stays on the pages; empty: <c>Operations:Retention</c>.
    /// The demo fleet sets a few minutes, so that its loops do not pile up.
    /// </summary>
    public TimeSpan? Retention { get; set; }

    /// <summary>NSX: <c>session</c> (default; one login, then JSESSIONID + X-XSRF-TOKEN) or <c>basic</c> (credentials on every call).</summary>
    public string? Auth { get; set; }

    public string? IamUrl { get; set; }

    public string? ProjectId { get; set; }

    public string? ProjectName { get; set; }

    public string? DomainName { get; set; }

    public string? InstanceId { get; set; }

    public string? EngineId { get; set; }

    public string? EnterpriseProjectId { get; set; }

    public string? VaultId { get; set; }

    /// <summary>How this target's certificate is trusted (<c>Targets:N:Tls:*</c>); the default trust when empty.</summary>
    public TlsOptions Tls { get; set; } = new();

    /// <summary>The configuration path of this target (<c>Targets:3</c>), for messages that name the key to set. Not a key.</summary>
    internal string ConfigKey { get; set; } = "Targets:N";

    public Uri BaseUri => new(BaseUrl.TrimEnd('/') + "/");

    /// <summary>An absolute URL under the target's base URL; <paramref name="path"/> starts with '/'.</summary>
    public Uri Url(string path) => new(BaseUrl.TrimEnd('/') + path);
}

/// <summary>
/// Trust for one target's certificate, for on-premises appliances with self-signed certificates. Never process-wide.
/// </summary>
public sealed class TlsOptions
{
    /// <summary>SHA-256 of the server certificate (hex; colons and spaces allowed): only that certificate is accepted.</summary>
    public string? CertificateThumbprint { get; set; }

    /// <summary>A PEM file of CA certificates trusted for this target only.</summary>
    public string? CaCertificate { get; set; }

    /// <summary>Labs only: accept any certificate. Logged as a warning at start and shown on the target's health.</summary>
    public bool AllowUntrusted { get; set; }

    public bool IsDefault => string.IsNullOrWhiteSpace(CertificateThumbprint) && string.IsNullOrWhiteSpace(CaCertificate) && !AllowUntrusted;
}

/// <summary>The configured targets (<c>Targets</c>) and the demo switch (<c>Demo</c>).</summary>
public sealed class DashboardTargetsOptions
{
    public List<TargetOptions> Targets { get; set; } = [];
}

public sealed class DemoOptions
{
    /// <summary>With no targets configured, run the in-process simulator and watch its demo fleet.</summary>
    public bool Enabled { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a finished demo operation stays listed once the simulator no longer lists it.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromMinutes(1);

    public int Seed { get; set; } = 42;

    /// <summary>
    /// Serve the built-in simulator's <c>/_sim</c> control endpoints (faults, scenarios) inside the dashboard's
    /// process. Off by default: they have no authentication.
    /// </summary>
    public bool SimulatorControl { get; set; }
}
