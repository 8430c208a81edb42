using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BackupRestore.Dashboard.Features.Data.Migrations;

/// <summary>
/// What several instances must agree on for actions and sign-in (hand-written and provider-neutral, like
/// <see cref="Initial"/>): one row per submission key (who runs it, its outcome once known), failed sign-ins and
/// lockouts, and the instance that wrote each audit record (so a starting instance closes only its dead peers'
/// pending attempts). Both providers use these tables; SQLite simply has one instance writing them.
/// </summary>
[DbContext(typeof(DashboardDb))]
[Migration("20261129000005_SharedActionsAndSignIn")]
public sealed class SharedActionsAndSignIn : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("action_claims", t => new
        {
            Key = t.Column<string>(nullable: false),
            Owner = t.Column<string>(nullable: false),
            ExpiresAt = t.Column<long>(nullable: false),
            AuditId = t.Column<long>(nullable: true),
            Outcome = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_action_claims", x => x.Key));
        migrationBuilder.CreateIndex("IX_action_claims_ExpiresAt", "action_claims", "ExpiresAt");

        migrationBuilder.CreateTable("sign_in_failures", t => new
        {
            Id = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Key = t.Column<string>(nullable: false),
            At = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_sign_in_failures", x => x.Id));
        migrationBuilder.CreateIndex("IX_sign_in_failures_Key_At", "sign_in_failures", ["Key", "At"]);
        migrationBuilder.CreateIndex("IX_sign_in_failures_At", "sign_in_failures", "At");

        migrationBuilder.CreateTable("sign_in_lockouts", t => new
        {
            Key = t.Column<string>(nullable: false),
            LockedUntil = t.Column<long>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_sign_in_lockouts", x => x.Key));

        migrationBuilder.AddColumn<string>("Instance", "audit", nullable: true);
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropColumn("Instance", "audit");
        migrationBuilder.DropTable("sign_in_lockouts");
        migrationBuilder.DropTable("sign_in_failures");
        migrationBuilder.DropTable("action_claims");
    }
}
