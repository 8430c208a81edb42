using System.Reflection;
using System.Security.Cryptography;

namespace BackupRestore.Dashboard.Features.Live;

/// <summary>This process (new at every start) and this build (new at every deploy), as browsers see them.</summary>
public sealed class ServerIdentity
{
    public string Instance { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();

    /// <summary>The assembly's module version id: it changes whenever the code is rebuilt.</summary>
    public string Build { get; } = Assembly.GetExecutingAssembly().ManifestModule.ModuleVersionId.ToString("n")[..12];
}
