using BackupRestore.Dashboard.Features.Admin;
using BackupRestore.Dashboard.Features.Audit;
using BackupRestore.Dashboard.Features.Auth;
using Bunit;
using Microsoft.EntityFrameworkCore;

namespace BackupRestore.Dashboard.Tests.Features.Admin;

/// <summary>The tokens page over the real token store: a new token shown once, wall links for viewer tokens only, revocation.</summary>
public sealed class TokensPageTests : DatabaseTestContext
{
    [Fact]
    public async Task A_new_viewer_token_is_shown_once_with_its_wall_link()
    {
        var page = RenderFor<TokensPage>(Admin);

        page.Find("input[data-field=tokenName]").Input("wall-noc");
        page.Find("#create-token-submit").Click();

        var token = page.WaitForElement("#new-token").TextContent;
        Assert.StartsWith(TokenStore.Prefix, token, StringComparison.Ordinal);
        Assert.Equal($"http://localhost/wall?token={token}", page.Find("#wall-link").TextContent);
        Assert.Equal(Roles.Viewer, (await Get<TokenStore>().ValidateAsync(token, default))!.Role);
        Assert.Equal($"{token[..10]}…", page.Find("tr[data-token=wall-noc] code").TextContent);

        page.Find("#token-done").Click();

        Assert.DoesNotContain(token, page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("#new-token-panel"));
        var again = RenderFor<TokensPage>(Admin);
        again.WaitForAssertion(() => Assert.Single(again.FindAll("tr[data-token=wall-noc]")));
        Assert.DoesNotContain(token, again.Markup, StringComparison.Ordinal);
        await using var db = Db();
        var entry = await db.Audit.SingleAsync();
        Assert.Equal(("admin.token.create", "token:wall-noc", AuditOutcomes.Succeeded), (entry.Action, entry.Target, entry.Outcome));
        Assert.DoesNotContain(token, entry.Parameters + entry.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Admin)]
    public void A_token_of_another_role_gets_no_wall_link(string role)
    {
        var page = RenderFor<TokensPage>(Admin);

        page.Find("input[data-field=tokenName]").Input("script");
        page.Find($"input[data-role={role}]").Click();
        page.Find("#create-token-submit").Click();

        page.WaitForElement("#new-token");
        Assert.Empty(page.FindAll("#wall-link"));
        Assert.Contains("only with a viewer token", page.Find("#no-wall-link").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void The_copy_buttons_write_to_the_clipboard_through_the_browser()
    {
        var page = RenderFor<TokensPage>(Admin);
        page.Find("input[data-field=tokenName]").Input("wall-noc");
        page.Find("#create-token-submit").Click();
        var token = page.WaitForElement("#new-token").TextContent;

        page.Find("#copy-token").Click();
        page.Find("#copy-wall-link").Click();

        var calls = JSInterop.Invocations["navigator.clipboard.writeText"];
        Assert.Equal([token, $"http://localhost/wall?token={token}"], calls.Select(c => c.Arguments[0]));
        Assert.Equal("The wall link is on the clipboard.", page.Find("#copy-note").TextContent);
    }

    public static TheoryData<string, string?, string> InvalidTokens => new()
    {
        { "", null, "A token needs a name of 1 to 64 characters." },
        { "wall", "0", "Expiry is a whole number of days from 1 to 3650, or empty for a token that never expires." },
        { "wall", "4000", "Expiry is a whole number of days from 1 to 3650, or empty for a token that never expires." },
    };

    [Theory]
    [MemberData(nameof(InvalidTokens))]
    public async Task The_create_form_says_what_is_wrong_and_creates_nothing(string name, string? days, string message)
    {
        var page = RenderFor<TokensPage>(Admin);

        page.Find("input[data-field=tokenName]").Input(name);
        if (days is not null)
        {
            page.Find("input[data-field=expiresInDays]").Change(days);
        }
        page.Find("#create-token-submit").Click();

        page.WaitForAssertion(() => Assert.Contains(message, page.FindAll(".mud-input-error").Select(e => e.TextContent.Trim())));
        Assert.Empty(page.FindAll("#new-token"));
        Assert.Empty(await Get<TokenStore>().ListAsync(default));
    }

    [Fact]
    public async Task Revoking_is_confirmed_and_the_token_is_refused_afterwards()
    {
        var (_, token) = await Get<TokenStore>().CreateAsync("wall-noc", Roles.Viewer, null, "ada", default);
        var dialogs = RenderDialogs();
        var page = RenderFor<TokensPage>(Admin);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-revoke=wall-noc]")));

        page.Find("[data-revoke=wall-noc]").Click();
        dialogs.WaitForElement("[data-confirm=revoke]").Click();

        page.WaitForAssertion(() => Assert.Equal("revoked", page.Find("tr[data-token=wall-noc]").GetAttribute("data-state")));
        Assert.Empty(page.FindAll("[data-revoke]"));
        Assert.Null(await Get<TokenStore>().ValidateAsync(token, default));
    }
}
