using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BackupRestore.Dashboard.Features.Data.Migrations;

/// <summary>
/// The live state every instance reads (issue 13): per target its health and a version that grows with each write,
/// per operation its current snapshot. Written by the target's lease holder, announced with NOTIFY. Hand-written and
/// provider-neutral like the others; SQLite gets the tables but never uses them (one instance).
/// </summary>
[DbContext(typeof(DashboardDb))]
[Migration("20261129000006_LiveState")]
public sealed class LiveState : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("live_targets", t => new
        {
            Target = t.Column<string>(nullable: false),
            Version = t.Column<long>(nullable: false),
            Writer = t.Column<string>(nullable: false),
            Health = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_live_targets", x => x.Target));

        migrationBuilder.CreateTable("live_operations", t => new
        {
            OperationId = t.Column<string>(nullable: false),
            Target = t.Column<string>(nullable: false),
            Json = t.Column<string>(nullable: false),
            Fingerprint = t.Column<string>(nullable: false),
            FinishedAt = t.Column<long>(nullable: true),
            DetailsType = t.Column<string>(nullable: true),
            Details = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_live_operations", x => x.OperationId));
        migrationBuilder.CreateIndex("IX_live_operations_Target", "live_operations", "Target");
    }

    protected override void Down(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.DropTable("live_operations");
        migrationBuilder.DropTable("live_targets");
    }
}
