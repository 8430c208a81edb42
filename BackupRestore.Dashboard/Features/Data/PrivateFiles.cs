using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace BackupRestore.Dashboard.Features.Data;

/// <summary>
/// Files only the service's own user may read (folders 0700, files 0600 on Unix), whatever the umask: the data
/// folder holds password hashes, the audit and the Data Protection keys. Folders and files made by an older
/// version are tightened at start. On Windows the folder inherits its parent's ACL (documented).
/// </summary>
internal static class PrivateFiles
{
    public const UnixFileMode PrivateFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    public const UnixFileMode PrivateFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static void CreateFolder(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
            return;
        }
        Directory.CreateDirectory(folder, PrivateFolder);
        File.SetUnixFileMode(folder, PrivateFolder);
    }

    /// <summary>Creates an empty file with mode 0600 unless it exists; an existing one (and its SQLite companions) is tightened.</summary>
    public static void CreateFile(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }
        if (!File.Exists(path))
        {
            using var _ = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = PrivateFile });
        }
        foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-journal" }.Where(File.Exists))
        {
            File.SetUnixFileMode(file, PrivateFile);
        }
    }

    /// <summary>Copies a file so that the copy is 0600 from its first byte.</summary>
    public static void Copy(string from, string to)
    {
        if (OperatingSystem.IsWindows())
        {
            File.Copy(from, to);
            return;
        }
        using var source = File.OpenRead(from);
        using var target = new FileStream(to, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = PrivateFile });
        source.CopyTo(target);
    }

    public static void Tighten(string folder)
    {
        if (OperatingSystem.IsWindows() || !Directory.Exists(folder))
        {
            return;
        }
        File.SetUnixFileMode(folder, PrivateFolder);
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            File.SetUnixFileMode(file, PrivateFile);
        }
    }
}

/// <summary>The framework's file key repository, with the keys folder 0700 and each key file 0600.</summary>
internal sealed class PrivateXmlRepository : IXmlRepository
{
    private readonly FileSystemXmlRepository inner;
    private readonly DirectoryInfo folder;

    public PrivateXmlRepository(DirectoryInfo folder, ILoggerFactory logs)
    {
        this.folder = folder;
        PrivateFiles.CreateFolder(folder.FullName);
        PrivateFiles.Tighten(folder.FullName);
        inner = new FileSystemXmlRepository(folder, logs);
    }

    public IReadOnlyCollection<XElement> GetAllElements() => inner.GetAllElements();

    public void StoreElement(XElement element, string friendlyName)
    {
        inner.StoreElement(element, friendlyName);
        PrivateFiles.Tighten(folder.FullName);
    }
}
