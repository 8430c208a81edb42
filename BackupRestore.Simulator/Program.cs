using System.Globalization;

namespace BackupRestore.Simulator;

/// <summary><c>dotnet run --project BackupRestore.Simulator [--port 5080] [--seed 42] [--preset demo] [--password …] [--https true] [--documented-only true]</c></summary>
internal static class Program
{
    public static async Task Main(string[] args)
    {
        var config = new ConfigurationBuilder()
            .AddEnvironmentVariables("SIMULATOR_")
            .AddCommandLine(args)
            .Build();

        var settings = new SimulatorSettings
        {
            Port = int.Parse(config["port"] ?? "5080", CultureInfo.InvariantCulture),
            Seed = int.Parse(config["seed"] ?? "42", CultureInfo.InvariantCulture),
            Preset = config["preset"] ?? FleetPresets.Demo,
            Count = int.Parse(config["targets"] ?? "0", CultureInfo.InvariantCulture),
            Credentials = new SimCredentials(config["username"] ?? "admin", config["password"] ?? "SimulatorPassw0rd!"),
            MinimumLogLevel = LogLevel.Information,
            DocumentedOnly = bool.Parse(config["documented-only"] ?? "false"),
            Certificate = bool.Parse(config["https"] ?? "false") ? SimCertificate.CreateSelfSigned() : null,
        };

        await using var simulator = await SimulatorApp.StartAsync(settings);
        Console.WriteLine($"BackupRestore simulator listening on {simulator.Address} (preset '{settings.Preset}', seed {settings.Seed}{(settings.DocumentedOnly ? ", documented calls only" : "")}).");
        if (simulator.Certificate is { } certificate)
        {
            // What an admin pins (Targets:N:Tls:CertificateThumbprint) or saves as a CA file (Targets:N:Tls:CaCertificate).
            Console.WriteLine($"Self-signed certificate, SHA-256 {SimCertificate.Sha256(certificate)}:\n{certificate.ExportCertificatePem()}");
        }
        foreach (var target in simulator.Fleet.Targets.Take(20))
        {
            Console.WriteLine($"  {target.System,-8} {target.Name,-16} {simulator.BaseUrlOf(target.System, target.Name)}");
        }
        Console.WriteLine($"User name '{settings.Credentials.UserName}'; the password is the one given with --password (see README). Ctrl+C stops.");
        await simulator.WaitForShutdownAsync();
    }
}
