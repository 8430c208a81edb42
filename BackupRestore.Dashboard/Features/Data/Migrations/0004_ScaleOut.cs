using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BackupRestore.Dashboard.Features.Data.Migrations;

/// <summary>
/// Several instances on one database (hand-written and provider-neutral, like <see cref="Initial"/>): instance
/// heartbeats, one lease per target, and the Data Protection keys. SQLite gets the tables too but never uses
/// them: it serves one instance, and keeps its keys in the data folder.
/// </summary>
[DbContext(typeof(DashboardDb))]
[Migration("20261129000004_ScaleOut")]
public sealed class ScaleOut : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("instances", t => new
        {
            Id = t.Column<string>(nullable: false),
            SeenAt = t.Column<DateTimeOffset>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_instances", x => x.Id));

        migrationBuilder.CreateTable("target_leases", t => new
        {
            Target = t.Column<string>(nullable: false),
            Owner = t.Column<string>(nullable: false),
            ExpiresAt = t.Column<DateTimeOffset>(nullable: false),
        }, constraints: t => t.PrimaryKey("PK_target_leases", x => x.Target));
        migrationBuilder.CreateIndex("IX_target_leases_Owner", "target_leases", "Owner");

        migrationBuilder.CreateTable("data_protection_keys", t => new
        {
            Id = t.Column<int>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            FriendlyName = t.Column<string>(nullable: true),
            Xml = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_data_protection_keys", x => x.Id));
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("data_protection_keys");
        migrationBuilder.DropTable("target_leases");
        migrationBuilder.DropTable("instances");
    }
}
