using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace BackupRestore.Dashboard.Features.Data;

internal static class DataServices
{
    /// <summary>
    /// The database (SQLite file under <c>Data:Folder</c>, or PostgreSQL) and the Data Protection keys (same folder),
    /// created and migrated at start before anything else runs.
    /// </summary>
    public static IHostApplicationBuilder AddData(this IHostApplicationBuilder builder)
    {
        var data = builder.Configuration.GetSection("Data").Get<DataOptions>() ?? new DataOptions();
        var database = builder.Configuration.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        var folder = Path.GetFullPath(data.Folder, builder.Environment.ContentRootPath);
        var connection = builder.Configuration.GetConnectionString("Dashboard");
        var provider = database.Provider.ToLowerInvariant();
        if (provider is not ("sqlite" or "postgres"))
        {
            throw new InvalidOperationException($"Database:Provider '{database.Provider}' is not supported. Use 'sqlite' (default) or 'postgres'.");
        }
        if (provider == "postgres" && string.IsNullOrWhiteSpace(connection))
        {
            throw new InvalidOperationException("Database:Provider is 'postgres' but ConnectionStrings:Dashboard is missing. Set it, e.g. Host=db;Database=dashboard;Username=dashboard;Password=….");
        }
        Directory.CreateDirectory(folder);

        builder.Services.AddSingleton(new DataLocation(folder, provider));
        builder.Services.AddDataProtection()
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(folder, "keys")))
            .SetApplicationName("BackupRestore.Dashboard");
        builder.Services.AddPooledDbContextFactory<DashboardDb>(options =>
        {
            if (provider == "postgres")
            {
                options.UseNpgsql(connection);
            }
            else
            {
                options.UseSqlite($"Data Source={Path.Combine(folder, "dashboard.db")};Pooling=True");
            }
            // The migrations are written by hand, without a model snapshot: the model check would always complain.
            options.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));
        });
        builder.Services.AddHostedService<DatabaseStartup>();
        return builder;
    }
}

public sealed record DataLocation(string Folder, string Provider);

/// <summary>Runs first: creates or migrates the schema, then lets the features recover their state from it.</summary>
internal sealed partial class DatabaseStartup(
    IDbContextFactory<DashboardDb> databases,
    DataLocation location,
    IEnumerable<IStartupRecovery> recoveries,
    ILogger<DatabaseStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
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
