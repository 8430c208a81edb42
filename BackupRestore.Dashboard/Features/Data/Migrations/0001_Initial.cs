using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;

namespace BackupRestore.Dashboard.Features.Data.Migrations;

/// <summary>
/// The first schema. Written by hand (the dotnet-ef tool is not available here) in provider-neutral
/// MigrationBuilder calls, so that the same migration creates the SQLite and the PostgreSQL schema.
/// </summary>
[DbContext(typeof(DashboardDb))]
[Migration("20261122000001_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("users", t => new
        {
            Id = Identity(t),
            UserName = t.Column<string>(nullable: false),
            NormalizedUserName = t.Column<string>(nullable: false),
            PasswordHash = t.Column<string>(nullable: false),
            Role = t.Column<string>(nullable: false),
            Disabled = t.Column<bool>(nullable: false),
            CreatedAt = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_users", x => x.Id));
        migrationBuilder.CreateIndex("IX_users_NormalizedUserName", "users", "NormalizedUserName", unique: true);

        migrationBuilder.CreateTable("api_tokens", t => new
        {
            Id = Identity(t),
            Name = t.Column<string>(nullable: false),
            Role = t.Column<string>(nullable: false),
            TokenHash = t.Column<string>(nullable: false),
            Prefix = t.Column<string>(nullable: false),
            CreatedBy = t.Column<string>(nullable: false),
            CreatedAt = t.Column<long>(nullable: false),
            ExpiresAt = t.Column<long>(nullable: true),
            RevokedAt = t.Column<long>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_api_tokens", x => x.Id));
        migrationBuilder.CreateIndex("IX_api_tokens_TokenHash", "api_tokens", "TokenHash", unique: true);

        migrationBuilder.CreateTable("audit", t => new
        {
            Id = Identity(t),
            At = t.Column<long>(nullable: false),
            UserName = t.Column<string>(nullable: false),
            Role = t.Column<string>(nullable: false),
            ClientAddress = t.Column<string>(nullable: true),
            Target = t.Column<string>(nullable: false),
            OperationId = t.Column<string>(nullable: true),
            BackupId = t.Column<string>(nullable: true),
            Action = t.Column<string>(nullable: false),
            Parameters = t.Column<string>(nullable: false),
            Outcome = t.Column<string>(nullable: false),
            Detail = t.Column<string>(nullable: true),
            VendorError = t.Column<string>(nullable: true),
            CompletedAt = t.Column<long>(nullable: true),
            SubmissionKey = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_audit", x => x.Id));
        migrationBuilder.CreateIndex("IX_audit_At", "audit", "At");
        migrationBuilder.CreateIndex("IX_audit_OperationId", "audit", "OperationId");
        migrationBuilder.CreateIndex("IX_audit_Outcome", "audit", "Outcome");

        migrationBuilder.CreateTable("operation_events", t => new
        {
            Id = Identity(t),
            OperationId = t.Column<string>(nullable: false),
            Target = t.Column<string>(nullable: false),
            System = t.Column<string>(nullable: false),
            At = t.Column<long>(nullable: false),
            FromState = t.Column<string>(nullable: true),
            ToState = t.Column<string>(nullable: false),
            FromVendorStatus = t.Column<string>(nullable: true),
            ToVendorStatus = t.Column<string>(nullable: false),
            Step = t.Column<string>(nullable: true),
            Progress = t.Column<int>(nullable: true),
            Message = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_operation_events", x => x.Id));
        migrationBuilder.CreateIndex("IX_operation_events_OperationId_At", "operation_events", ["OperationId", "At"]);

        migrationBuilder.CreateTable("operation_snapshots", t => new
        {
            OperationId = t.Column<string>(nullable: false),
            Target = t.Column<string>(nullable: false),
            Json = t.Column<string>(nullable: false),
            UpdatedAt = t.Column<long>(nullable: false),
            FinishedAt = t.Column<long>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_operation_snapshots", x => x.OperationId));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        foreach (var table in new[] { "operation_snapshots", "operation_events", "audit", "api_tokens", "users" })
        {
            migrationBuilder.DropTable(table);
        }
    }

    /// <summary>An auto-numbered key on both providers (each ignores the other's annotation).</summary>
    private static OperationBuilder<AddColumnOperation> Identity(ColumnsBuilder t) => t.Column<long>(nullable: false)
        .Annotation("Sqlite:Autoincrement", true)
        .Annotation("Npgsql:ValueGenerationStrategy", Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn);
}
