using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BackupRestore.Dashboard.Features.Data.Migrations;

/// <summary>
/// Users' security stamp (hand-written and provider-neutral, like <see cref="Initial"/>). Existing users get an
/// empty stamp, which no cookie matches: everyone signs in once after the upgrade, and gets a stamp then.
/// </summary>
[DbContext(typeof(DashboardDb))]
[Migration("20261129000003_SecurityStamp")]
public sealed class SecurityStamp : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) =>
        migrationBuilder.AddColumn<string>("SecurityStamp", "users", nullable: false, defaultValue: "");

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropColumn("SecurityStamp", "users");
}
