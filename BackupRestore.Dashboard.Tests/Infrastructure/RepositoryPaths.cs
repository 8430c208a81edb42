namespace BackupRestore.Dashboard.Tests.Infrastructure;

public static class RepositoryPaths
{
    /// <summary>The folder holding BackupRestore.sln (screenshots for the README go under docs/ there).</summary>
    public static string Root { get; } = FindRoot();

    public static string Docs => System.IO.Path.Combine(Root, "docs");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "BackupRestore.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("BackupRestore.sln not found above " + AppContext.BaseDirectory);
    }
}
