using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace BackupRestore.Dashboard.Features.Data.Migrations;

/// <summary>The webhook outbox (hand-written and provider-neutral, like <see cref="Initial"/>).</summary>
[DbContext(typeof(DashboardDb))]
[Migration("20261122000002_WebhookDeliveries")]
public sealed class WebhookDeliveries : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable("webhook_deliveries", t => new
        {
            Id = t.Column<long>(nullable: false)
                .Annotation("Sqlite:Autoincrement", true)
                .Annotation("Npgsql:ValueGenerationStrategy", Npgsql.EntityFrameworkCore.PostgreSQL.Metadata.NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
            Rule = t.Column<string>(nullable: false),
            Url = t.Column<string>(nullable: false),
            Payload = t.Column<string>(nullable: false),
            OperationId = t.Column<string>(nullable: false),
            Transition = t.Column<string>(nullable: false),
            Status = t.Column<string>(nullable: false),
            Attempts = t.Column<int>(nullable: false),
            CreatedAt = t.Column<long>(nullable: false),
            NextAttemptAt = t.Column<long>(nullable: false),
            DeliveredAt = t.Column<long>(nullable: true),
            LastError = t.Column<string>(nullable: true),
        }, constraints: t => t.PrimaryKey("PK_webhook_deliveries", x => x.Id));
        migrationBuilder.CreateIndex("IX_webhook_deliveries_Status_NextAttemptAt", "webhook_deliveries", ["Status", "NextAttemptAt"]);
    }

    protected override void Down(MigrationBuilder migrationBuilder) => migrationBuilder.DropTable("webhook_deliveries");
}
