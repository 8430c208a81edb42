using BackupRestore.Dashboard.Features.Admin;
using BackupRestore.Dashboard.Features.Audit;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Data;
using BackupRestore.Dashboard.Features.Notifications;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Dashboard.Vendors;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace BackupRestore.Dashboard.Tests.Features.Admin;

/// <summary>
/// The shared bUnit context plus the dashboard's own database (a throwaway SQLite file, migrated like the app's) and
/// the real services over it: the audit log, users and tokens, the admin service, the outbox and its dispatcher
/// (not started: tests put deliveries in place and the page follows its change signal).
/// </summary>
public class DatabaseTestContext : DashboardTestContext
{
    private readonly string file = Path.Combine(Path.GetTempPath(), "brd-tests", $"bunit-{Guid.NewGuid():n}.db");

    public DatabaseTestContext()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        Services.AddDbContextFactory<DashboardDb>(o => o.UseSqlite(Connection)
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)));
        Services.AddSingleton<AuditLog>();
        Services.AddSingleton<UserStore>();
        Services.AddSingleton<TokenStore>();
        Services.AddSingleton<AdminService>();
        Services.AddSingleton<PrincipalValidator>();
        Services.AddLogging();
        Services.AddHttpClient();
        Services.AddOptions<NotificationOptions>();
        Services.AddSingleton<WebhookDispatcher>();
        Services.AddSingleton<NotificationLog>();
        using var db = Db();
        db.Database.Migrate();
    }

    public static DashboardUser Admin { get; } = new("ada", Roles.Admin, IsWall: false);

    /// <summary>Who the fake authentication says the circuit is for (what the audit records as the actor).</summary>
    public const string SignedIn = "tester";

    /// <summary>No pooling: the file can be deleted with the context.</summary>
    private string Connection => $"Data Source={file};Pooling=False";

    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    public DashboardDb Db() => new(new DbContextOptionsBuilder<DashboardDb>().UseSqlite(Connection)
        .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)).Options);

    /// <summary>An audit entry as an action would write it (begun, then completed).</summary>
    public async Task<long> AuditAsync(string action, string target, string outcome, ActionInput? input = null, string user = "olivia",
        string? operationId = null, string? detail = null, VendorError? vendorError = null)
    {
        var audit = Get<AuditLog>();
        var id = await audit.BeginAsync(new ActionActor(user, Roles.Operator, "10.0.0.7"), new AuditSubject(target, operationId, null),
            input ?? ActionInput.Of(action), null, default);
        await audit.CompleteAsync(id, outcome, detail, vendorError, default);
        return id;
    }

    /// <summary>A delivery in the outbox, in the given state.</summary>
    public async Task<long> DeliveryAsync(string status, int attempts, string url = "https://hooks.example.com/services/T000/SECRET-PATH", string? lastError = null)
    {
        await using var db = Db();
        var now = Time.GetUtcNow().ToUnixTimeMilliseconds();
        var row = new WebhookDeliveryRow
        {
            Rule = "noc", Url = url, Payload = "{}", OperationId = "dr:cluster-restore", Transition = "running→failed", Status = status,
            Attempts = attempts, CreatedAt = now - 60_000, NextAttemptAt = now + 5_000, DeliveredAt = status == "delivered" ? now - 30_000 : null,
            LastError = lastError ?? (status == "delivered" ? null : "HTTP 500 Internal Server Error"),
        };
        db.WebhookDeliveries.Add(row);
        await db.SaveChangesAsync();
        return row.Id;
    }

    protected override async ValueTask DisposeAsyncCore()
    {
        await base.DisposeAsyncCore();
        File.Delete(file);
    }
}
