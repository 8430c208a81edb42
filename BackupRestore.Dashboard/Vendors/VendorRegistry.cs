namespace BackupRestore.Dashboard.Vendors;

/// <summary>The registered connectors, by system name.</summary>
public sealed class VendorRegistry(IEnumerable<IVendorConnector> connectors)
{
    private readonly Dictionary<string, IVendorConnector> bySystem =
        connectors.ToDictionary(c => c.System, StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Systems => bySystem.Keys;

    public IVendorConnector Get(string system) => bySystem.TryGetValue(system, out var connector)
        ? connector
        : throw new InvalidOperationException($"No connector is registered for system '{system}'.");
}
