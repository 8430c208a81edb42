using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace BackupRestore.Dashboard.Features.Data;

/// <summary>Users, API tokens, the audit trail, operation history, last known snapshots, action claims, sign-in failures, and (PostgreSQL) target leases and Data Protection keys.</summary>
public sealed class DashboardDb(DbContextOptions<DashboardDb> options) : DbContext(options), IDataProtectionKeyContext
{
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<UserRow> Users => Set<UserRow>();

    public DbSet<ApiTokenRow> ApiTokens => Set<ApiTokenRow>();

    public DbSet<AuditRow> Audit => Set<AuditRow>();

    public DbSet<OperationEventRow> OperationEvents => Set<OperationEventRow>();

    public DbSet<OperationSnapshotRow> OperationSnapshots => Set<OperationSnapshotRow>();

    public DbSet<WebhookDeliveryRow> WebhookDeliveries => Set<WebhookDeliveryRow>();

    public DbSet<ActionClaimRow> ActionClaims => Set<ActionClaimRow>();

    public DbSet<SignInFailureRow> SignInFailures => Set<SignInFailureRow>();

    public DbSet<SignInLockoutRow> SignInLockouts => Set<SignInLockoutRow>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<UserRow>(e =>
        {
            e.ToTable("users");
            e.HasIndex(u => u.NormalizedUserName).IsUnique();
        });
        modelBuilder.Entity<ApiTokenRow>(e =>
        {
            e.ToTable("api_tokens");
            e.HasIndex(t => t.TokenHash).IsUnique();
        });
        modelBuilder.Entity<AuditRow>(e =>
        {
            e.ToTable("audit");
            e.HasIndex(a => a.At);
            e.HasIndex(a => a.OperationId);
            e.HasIndex(a => a.Outcome);
        });
        modelBuilder.Entity<OperationEventRow>(e =>
        {
            e.ToTable("operation_events");
            e.HasIndex(o => new { o.OperationId, o.At });
        });
        modelBuilder.Entity<WebhookDeliveryRow>(e =>
        {
            e.ToTable("webhook_deliveries");
            e.HasIndex(d => new { d.Status, d.NextAttemptAt });
        });
        modelBuilder.Entity<DataProtectionKey>(e => e.ToTable("data_protection_keys"));
        modelBuilder.Entity<ActionClaimRow>(e =>
        {
            e.ToTable("action_claims");
            e.HasKey(c => c.Key);
            e.HasIndex(c => c.ExpiresAt);
        });
        modelBuilder.Entity<SignInFailureRow>(e =>
        {
            e.ToTable("sign_in_failures");
            e.HasIndex(f => new { f.Key, f.At });
            e.HasIndex(f => f.At);
        });
        modelBuilder.Entity<SignInLockoutRow>(e =>
        {
            e.ToTable("sign_in_lockouts");
            e.HasKey(l => l.Key);
        });
        modelBuilder.Entity<OperationSnapshotRow>(e =>
        {
            e.ToTable("operation_snapshots");
            e.HasKey(s => s.OperationId);
        });
    }
}
