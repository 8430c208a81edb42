namespace BackupRestore.Dashboard.Features.ScaleOut;

/// <summary>
/// An exclusive lock on a file in the SQLite data folder, held for the process lifetime: a second instance on the
/// same folder would poll every target again and fight over the file, so it refuses to start instead. The kernel
/// drops the lock when the process dies, even by kill -9.
/// </summary>
internal sealed class DataFolderLock : IDisposable
{
    public const string FileName = "instance.lock";
    private FileStream? held;

    public void Acquire(string folder)
    {
        var path = Path.Combine(folder, FileName);
        Data.PrivateFiles.CreateFile(path);
        try
        {
            // FileShare.None takes flock(LOCK_EX | LOCK_NB) on Unix, a share-mode lock on Windows.
            held = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidOperationException(
                $"Another dashboard instance already runs on the SQLite database in {folder} (it holds {path}). " +
                "Database:Provider 'sqlite' serves one instance only: stop the other instance, give this one its own Data:Folder, " +
                "or set Database:Provider=postgres (with ConnectionStrings:Dashboard) to run several instances on one database.", e);
        }
    }

    public void Dispose() => held?.Dispose();
}
