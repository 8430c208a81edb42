using System.Text.Json;
using BackupRestore.Dashboard.Features.Audit;
using BackupRestore.Dashboard.Tests.Features.Admin;
using BackupRestore.Dashboard.Vendors;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace BackupRestore.Dashboard.Tests.Features.Audit;

/// <summary>The audit page: a server-paged grid over the real audit log, filters in the URL, readable parameters.</summary>
public sealed class AuditPageTests : DatabaseTestContext
{
    [Fact]
    public async Task Parameters_and_the_vendor_error_read_as_key_value_pairs_with_secrets_removed()
    {
        var input = new ActionInput("validate", JsonDocument.Parse("""
            {"location_type":"SFTP","location":"sftp://b/x","location_password":"Top-Secret-1!","nested":{"backup_password":"Top-Secret-2!","disks":["d1","d2"]}}
            """).RootElement, new Dictionary<string, string[]>());
        await AuditAsync("validate", "vc", "refused", input, detail: "vc refused Validate: bad location",
            vendorError: new VendorError(409, "22013", "The location cannot be reached.", "restore"));
        await using (var db = Db())
        {
            // An entry written before "token" was known to be secret: the page removes it too.
            db.Audit.Add(new() { UserName = "old", Role = "operator", Target = "vc", Action = "create", Parameters = """{"api_token":"Old-Secret-3"}""", Outcome = "succeeded" });
            await db.SaveChangesAsync();
        }

        var page = RenderFor<AuditPage>(Operator);

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-audit]").Count));
        var pairs = page.FindAll(".audit-parameters .audit-pair").Select(p => (p.QuerySelector("dt")!.TextContent, p.QuerySelector("dd")!.TextContent)).ToList();
        Assert.Contains(("location", "sftp://b/x"), pairs);
        Assert.Contains(("location_password", "[removed]"), pairs);
        Assert.Contains(("nested.backup_password", "[removed]"), pairs);
        Assert.Contains(("nested.disks", "d1, d2"), pairs);
        Assert.Contains(("api_token", "[removed]"), pairs);
        var error = page.FindAll(".vendor-error .audit-pair").Select(p => (p.QuerySelector("dt")!.TextContent, p.QuerySelector("dd")!.TextContent)).ToList();
        Assert.Equal([("HTTP status", "409"), ("code", "22013"), ("module", "restore"), ("message", "The location cannot be reached.")], error);
        Assert.DoesNotContain("Secret", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("{&quot;", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("{\"", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_grid_is_paged_on_the_server_newest_first()
    {
        for (var i = 1; i <= 30; i++)
        {
            await AuditAsync("cancel", $"t{i}", "succeeded");
        }

        var page = RenderFor<AuditPage>(Operator);

        page.WaitForAssertion(() => Assert.Equal(25, page.FindAll("[data-audit]").Count));
        Assert.Equal("t30", page.Find(".audit-target").TextContent);
        Assert.Equal("30 entries", page.Find("#audit-total").TextContent);
        page.Find("button[aria-label='Next page']").Click();
        page.WaitForAssertion(() => Assert.Equal(5, page.FindAll("[data-audit]").Count));
        Assert.Equal(["t5", "t4", "t3", "t2", "t1"], page.FindAll(".audit-target").Select(t => t.TextContent));
    }

    [Fact]
    public async Task Filters_come_from_the_url_and_the_csv_export_carries_them()
    {
        await AuditAsync("cancel", "east", "refused", user: "carol");
        await AuditAsync("cancel", "west", "succeeded", user: "carol");
        await AuditAsync("cancel", "east", "refused", user: "dave");
        var day = Start.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Services.GetRequiredService<NavigationManager>().NavigateTo($"/audit?user=carol&outcome=refused&from={day}&to={day}");

        var page = RenderFor<AuditPage>(Operator);

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-audit]")));
        Assert.Equal("east", page.Find(".audit-target").TextContent);
        Assert.Equal($"/audit.csv?user=carol&outcome=refused&from={day}T00%3A00%3A00.000Z&to={day}T23%3A59%3A59.999Z",
            page.Find("#audit-csv").GetAttribute("href"));
        Assert.NotNull(page.Find("#audit-csv").GetAttribute("download"));
    }

    [Fact]
    public async Task Changing_a_filter_rewrites_the_url_and_reloads_the_grid_from_its_first_page()
    {
        await AuditAsync("cancel", "east", "succeeded", user: "carol");
        await AuditAsync("suspend", "west", "succeeded", user: "dave");
        var navigation = Services.GetRequiredService<NavigationManager>();
        var page = RenderFor<AuditPage>(Operator);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-audit]").Count));

        page.Find("input[data-filter=user]").Change("dave");

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-audit]")));
        Assert.EndsWith("/audit?user=dave", navigation.Uri, StringComparison.Ordinal);
        Assert.Equal("west", page.Find(".audit-target").TextContent);
        Assert.Equal("/audit.csv?user=dave", page.Find("#audit-csv").GetAttribute("href"));
    }

    [Fact]
    public void No_entry_says_so()
    {
        var page = RenderFor<AuditPage>(Operator);

        page.WaitForAssertion(() => Assert.Equal("Nothing has been done yet.", page.Find("#audit-empty").TextContent));
    }

    [Fact]
    public async Task Page_async_counts_every_match_and_returns_one_page_newest_first()
    {
        for (var i = 1; i <= 12; i++)
        {
            await AuditAsync("cancel", i % 2 == 0 ? "even" : "odd", "succeeded");
        }

        var (rows, total, _, _) = await Get<AuditLog>().PageAsync(new AuditQuery(Target: "even"), skip: 2, take: 3, default);

        Assert.Equal(6, total);
        Assert.Equal([8L, 6L, 4L], rows.Select(r => r.Id));
    }
}
