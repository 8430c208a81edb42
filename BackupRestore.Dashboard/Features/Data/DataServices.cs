using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BackupRestore.Dashboard.Features.Data;

internal static class DataServices
{
    /// <summary>
    /// The database (SQLite file under <c>Data:Folder</c>, or PostgreSQL) and the Data Protection keys (same folder
    /// with SQLite, a table of the database with PostgreSQL),
    /// created and migrated at start before anything else runs. The folder is private to the service's user
    /// (0700, files 0600 on Unix): it holds password hashes, the audit and the keys that sign cookies.
    /// </summary>
    public static IHostApplicationBuilder AddData(this IHostApplicationBuilder builder)
    {
        var location = DataLocation.Resolve(builder.Configuration, builder.Environment.ContentRootPath);
        var folder = location.Folder;
        PrivateFiles.CreateFolder(folder);
        if (location.Provider == "sqlite")
        {
            // Created before SQLite opens it: its -wal and -shm files take this file's mode.
            PrivateFiles.CreateFile(location.SqliteFile);
        }

        builder.Services.AddSingleton(location);
        builder.Services.AddSingleton<ScaleOut.DataFolderLock>();
        // Before Data Protection's own start-up service: its key ring is read from the schema this creates.
        builder.Services.AddHostedService<DatabaseStartup>();
        var protection = builder.Services.AddDataProtection().SetApplicationName("BackupRestore.Dashboard");
        if (location.Provider == "postgres")
        {
            // Shared by every instance on the database: a cookie issued by one is read by all.
            protection.PersistKeysToDbContext<DashboardDb>();
            builder.Services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<DashboardDb>>().CreateDbContext());
        }
        else
        {
            builder.Services.AddOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>()
                .Configure<ILoggerFactory>((o, logs) => o.XmlRepository = new PrivateXmlRepository(new DirectoryInfo(location.KeysFolder), logs));
        }
        builder.Services.AddPooledDbContextFactory<DashboardDb>(options =>
        {
            if (location.Provider == "postgres")
            {
                options.UseNpgsql(location.ConnectionString);
            }
            else
            {
                options.UseSqlite($"Data Source={location.SqliteFile};Pooling=True");
            }
            // The migrations are written by hand, without a model snapshot: the model check would always complain.
            options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        });
        return builder;
    }
}

/// <summary>Where the data lives: the folder (SQLite file, keys; with PostgreSQL keys are in the database) and the provider; the app and the backup command read it alike.</summary>
public sealed record DataLocation(string Folder, string Provider, string? ConnectionString = null)
{
    public string SqliteFile => Path.Combine(Folder, "dashboard.db");

    public string KeysFolder => Path.Combine(Folder, "keys");

    /// <summary>Never the connection string: it may hold a password.</summary>
    public override string ToString() => $"{Provider} ({Folder})";

    /// <summary><c>Data:Folder</c> (relative to the content root), <c>Database:Provider</c> and <c>ConnectionStrings:Dashboard</c>, checked.</summary>
    public static DataLocation Resolve(IConfiguration configuration, string contentRoot)
    {
        var data = configuration.GetSection("Data").Get<DataOptions>() ?? new DataOptions();
        var database = configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connection = configuration.GetConnectionString("Dashboard");
        var provider = database.Provider.ToLowerInvariant();
        if (provider is not ("sqlite" or "postgres"))
        {
            throw new InvalidOperationException($"Database:Provider '{database.Provider}' is not supported. Use 'sqlite' (default) or 'postgres'.");
        }
        if (provider == "postgres" && string.IsNullOrWhiteSpace(connection))
        {
            throw new InvalidOperationException("Database:Provider is 'postgres' but ConnectionStrings:Dashboard is missing. Set it, e.g. Host=db;Database=dashboard;Username=dashboard;Password=….");
        }
        return new DataLocation(Path.GetFullPath(data.Folder, contentRoot), provider, provider == "postgres" ? connection : null);
    }
}

/// <summary>Runs first: creates or migrates the schema, then lets the features recover their state from it.</summary>
internal sealed partial class DatabaseStartup(
    IDbContextFactory<DashboardDb> databases,
    DataLocation location,
    IEnumerable<IStartupRecovery> recoveries,
    ScaleOut.DataFolderLock folderLock,
    ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (location.Provider == "sqlite")
        {
            // Before the schema is touched: a second instance on the same file refuses to start.
            folderLock.Acquire(location.Folder);
        }
        await using (var db = await databases.CreateDbContextAsync(cancellationToken))
        {
            await db.Database.MigrateAsync(cancellationToken);
            if (location.Provider == "sqlite")
            {
                // Readers do not block the writer (pollers, audit and the page run at once).
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            }
        }
        LogReady(logger, location.Provider, location.Folder);
        foreach (var recovery in recoveries)
        {
            await recovery.RecoverAsync(cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ready ({Provider}); data folder {Folder}.")]
    private static partial void LogReady(ILogger logger, string provider, string folder);
}

/// <summary>A feature's work at start, once the schema exists (mark interrupted actions, load last known state).</summary>
internal interface IStartupRecovery
{
    Task RecoverAsync(CancellationToken cancellationToken);
}
