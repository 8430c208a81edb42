namespace BackupRestore.Dashboard.Tests.Infrastructure;

/// <summary>
/// Where a screenshot goes: the README's images under docs/ only when asked for
/// (<c>BRD_SCREENSHOTS=1 dotnet test --filter Category=Screenshots</c>), otherwise a temporary folder, so that a plain
/// <c>dotnet test</c> leaves the work tree clean.
/// </summary>
public static class Screenshots
{
    public const string Category = "Screenshots";

    public static bool ForReadme => Environment.GetEnvironmentVariable("BRD_SCREENSHOTS") == "1";

    public static string PathFor(string fileName)
    {
        var folder = ForReadme ? RepositoryPaths.Docs : Path.Combine(Path.GetTempPath(), "brd-screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, fileName);
    }
}
