namespace BackupRestore.Dashboard.Features.Data;

/// <summary><c>Data:Folder</c>: where the SQLite file and the Data Protection keys live.</summary>
public sealed class DataOptions
{
    public string Folder { get; set; } = "data";
}

/// <summary><c>Database:Provider</c>: <c>sqlite</c> (default) or <c>postgres</c> (with <c>ConnectionStrings:Dashboard</c>).</summary>
public sealed class DatabaseOptions
{
    public string Provider { get; set; } = "sqlite";
}
