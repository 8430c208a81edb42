namespace BackupRestore.Dashboard.Features.Hosting;

/// <summary>
/// Where appsettings.json (and a relative <c>Data:Folder</c>) are looked for. The framework takes the working
/// directory, so a service started from elsewhere ran without its settings. Rule: an explicit content root
/// (<c>--contentRoot</c>, <c>ASPNETCORE_CONTENTROOT</c>, <c>DOTNET_CONTENTROOT</c>) wins; else the working
/// directory when it holds an appsettings.json (<c>dotnet run</c> in the project folder, a deployment folder);
/// else the folder of the app itself (<see cref="AppContext.BaseDirectory"/>), where the build and publish put it.
/// </summary>
internal static class ContentRoot
{
    public const string SettingsFile = "appsettings.json";

    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args,
        ContentRootPath = Resolve(args, Directory.GetCurrentDirectory(), AppContext.BaseDirectory, Environment.GetEnvironmentVariable),
    };

    /// <summary>The content root to use, or null to let the framework decide (an explicit setting exists).</summary>
    public static string? Resolve(string[] args, string workingDirectory, string appDirectory, Func<string, string?> environment)
    {
        var explicitRoot = args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase) || a.StartsWith("/contentRoot", StringComparison.OrdinalIgnoreCase))
            || !string.IsNullOrEmpty(environment("ASPNETCORE_CONTENTROOT")) || !string.IsNullOrEmpty(environment("DOTNET_CONTENTROOT"));
        if (explicitRoot)
        {
            return null;
        }
        return File.Exists(Path.Combine(workingDirectory, SettingsFile)) ? workingDirectory : appDirectory;
    }
}
