using System.Globalization;
using System.Security.Claims;
using BackupRestore.Dashboard.Features.Admin;
using BackupRestore.Dashboard.Features.Audit;
using BackupRestore.Dashboard.Features.Auth;
using BackupRestore.Dashboard.Features.Data;
using BackupRestore.Dashboard.Features.Notifications;
using BackupRestore.Dashboard.Features.Wall;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Dashboard.Vendors;
using Bunit.TestDoubles;
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
        Services.AddMetrics();
        Services.AddSingleton<BackupRestore.Dashboard.Features.Observability.DashboardMetrics>();
        Services.AddSingleton<WebhookDispatcher>();
        Services.AddSingleton<NotificationLog>();
        using var db = Db();
        db.Database.Migrate();
    }

    public static DashboardUser Admin { get; } = new("ada", Roles.Admin, IsWall: false);

    /// <summary>
    /// The circuit acts as a real admin named <see cref="SignedIn"/>: pages check their actor against the stores before
    /// each change. A user by default; an API token where a test counts the users (<see cref="ActWithToken"/>).
    /// </summary>
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var circuit = Circuit;
        circuit.SetAuthorized(SignedIn);
        circuit.SetRoles(Roles.Admin);
        if (ActWithToken)
        {
            var (row, _) = await Get<TokenStore>().CreateAsync(SignedIn, Roles.Admin, null, "setup", default);
            circuit.SetClaims(new Claim(PrincipalValidator.KindClaim, PrincipalValidator.TokenKind),
                new Claim(WallAccess.TokenIdClaim, row.Id.ToString(CultureInfo.InvariantCulture)));
        }
        else
        {
            var user = await Get<UserStore>().CreateAsync(SignedIn, "Tester-Passw0rd-1", Roles.Admin, default);
            circuit.SetClaims(new Claim(PrincipalValidator.KindClaim, PrincipalValidator.UserKind),
                new Claim(PrincipalValidator.StampClaim, user.SecurityStamp));
        }
    }

    protected virtual bool ActWithToken => false;

    /// <summary>Who the circuit is; registered before any service is resolved, a test may sign in someone else.</summary>
    protected BunitAuthorizationContext Circuit => circuit ??= AddAuthorization();

    private BunitAuthorizationContext? circuit;

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
