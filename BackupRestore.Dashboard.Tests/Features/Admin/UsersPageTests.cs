using BackupRestore.Dashboard.Features.Admin;
using BackupRestore.Dashboard.Features.Audit;
using BackupRestore.Dashboard.Features.Auth;
using Bunit;
using Microsoft.EntityFrameworkCore;

namespace BackupRestore.Dashboard.Tests.Features.Admin;

/// <summary>The users page over the real user store: the add form validates, changes are confirmed, the store has the last word.</summary>
public sealed class UsersPageTests : DatabaseTestContext
{
    private const string AdminPassword = "Admin-Passw0rd-123!";

    protected override bool ActWithToken => true;

    public static TheoryData<string, string, string?, string> InvalidUsers => new()
    {
        { "carol", "short", Roles.Operator, "A password has at least 12 characters." },
        { "carol", "Carol-Passw0rd-1", null, "Choose a role: viewer, operator, admin." },
        { "", "Carol-Passw0rd-1", Roles.Operator, "A user name has 1 to 64 characters and no ':'." },
        { "car:ol", "Carol-Passw0rd-1", Roles.Operator, "A user name has 1 to 64 characters and no ':'." },
    };

    [Theory]
    [MemberData(nameof(InvalidUsers))]
    public async Task The_add_form_says_what_is_wrong_and_creates_nothing(string userName, string password, string? role, string message)
    {
        await Get<UserStore>().CreateAsync("admin", AdminPassword, Roles.Admin, default);
        var page = RenderFor<UsersPage>(Admin);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("tr[data-user]")));

        Fill(page, userName, password, role);
        page.Find("#add-user-submit").Click();

        page.WaitForAssertion(() => Assert.Contains(message, page.FindAll(".mud-input-error").Select(e => e.TextContent.Trim())));
        Assert.Single(await Get<UserStore>().ListAsync(default));
        await using var db = Db();
        Assert.Empty(await db.Audit.ToListAsync());
    }

    [Fact]
    public async Task A_name_the_store_refuses_shows_the_stores_reason_and_creates_nothing()
    {
        await Get<UserStore>().CreateAsync("admin", AdminPassword, Roles.Admin, default);
        var page = RenderFor<UsersPage>(Admin);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("tr[data-user]")));

        Fill(page, "ADMIN", "Another-Passw0rd-1", Roles.Viewer);
        page.Find("#add-user-submit").Click();

        page.WaitForAssertion(() => Assert.Equal("A user named 'ADMIN' exists already.", page.Find("#add-user .form-error").TextContent));
        Assert.Single(await Get<UserStore>().ListAsync(default));
    }

    [Fact]
    public async Task A_valid_user_is_added_listed_and_audited_without_the_password()
    {
        var page = RenderFor<UsersPage>(Admin);

        Fill(page, "carol", "Carol-Passw0rd-1", Roles.Operator);
        page.Find("#add-user-submit").Click();

        page.WaitForAssertion(() => Assert.Equal("operator", page.Find("tr[data-user=carol] td[data-role]").TextContent));
        Assert.Equal("User 'carol' added as operator.", page.Find("#admin-note").TextContent.Trim());
        Assert.NotNull(await Get<UserStore>().VerifyAsync("carol", "Carol-Passw0rd-1", default));
        await using var db = Db();
        var entry = await db.Audit.SingleAsync();
        Assert.Equal(("admin.user.create", "user:carol", SignedIn, AuditOutcomes.Succeeded), (entry.Action, entry.Target, entry.UserName, entry.Outcome));
        Assert.DoesNotContain("Carol-Passw0rd-1", entry.Parameters + entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disabling_the_last_admin_is_confirmed_then_refused_with_the_stores_message()
    {
        await Get<UserStore>().CreateAsync("admin", AdminPassword, Roles.Admin, default);
        var dialogs = RenderDialogs();
        var page = RenderFor<UsersPage>(Admin);
        page.WaitForAssertion(() => Assert.Single(page.FindAll("tr[data-user]")));

        page.Find("[data-disable=admin]").Click();
        dialogs.WaitForElement("[data-confirm=disable]").Click();

        page.WaitForAssertion(() => Assert.Equal("This is the last enabled admin: add another admin first.", page.Find("#admin-note").TextContent.Trim()));
        Assert.Equal("false", page.Find("#admin-note").GetAttribute("data-ok"));
        Assert.False((await Get<UserStore>().FindAsync("admin", default))!.Disabled);
        await using var db = Db();
        Assert.Equal(AuditOutcomes.Refused, (await db.Audit.SingleAsync()).Outcome);
    }

    [Fact]
    public async Task Backing_out_of_disable_changes_nothing_and_enable_needs_no_dialog()
    {
        await Get<UserStore>().CreateAsync("admin", AdminPassword, Roles.Admin, default);
        var carol = await Get<UserStore>().CreateAsync("carol", "Carol-Passw0rd-1", Roles.Operator, default);
        var dialogs = RenderDialogs();
        var page = RenderFor<UsersPage>(Admin);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr[data-user]").Count));

        page.Find("[data-disable=carol]").Click();
        dialogs.WaitForElement("[data-cancel=disable]").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll(".mud-dialog")));
        Assert.False((await Get<UserStore>().FindAsync("carol", default))!.Disabled);

        page.Find("[data-disable=carol]").Click();
        dialogs.WaitForElement("[data-confirm=disable]").Click();
        page.WaitForAssertion(() => Assert.Equal("disabled", page.Find("tr[data-user=carol] [data-state]").GetAttribute("data-state")));
        page.Find("[data-enable=carol]").Click();
        page.WaitForAssertion(() => Assert.Equal("enabled", page.Find("tr[data-user=carol] [data-state]").GetAttribute("data-state")));
        Assert.Empty(dialogs.FindAll(".mud-dialog"));
        Assert.False((await Get<UserStore>().FindAsync("carol", default))!.Disabled);
        Assert.Equal(carol.Id, (await Get<UserStore>().FindAsync("carol", default))!.Id);
    }

    [Fact]
    public async Task A_password_reset_validates_in_its_dialog_and_the_new_password_is_the_only_one_that_works()
    {
        await Get<UserStore>().CreateAsync("admin", AdminPassword, Roles.Admin, default);
        await Get<UserStore>().CreateAsync("carol", "Carol-Passw0rd-1", Roles.Operator, default);
        var dialogs = RenderDialogs();
        var page = RenderFor<UsersPage>(Admin);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr[data-user]").Count));

        page.Find("[data-reset-password=carol]").Click();
        dialogs.WaitForElement("input[data-field=newPassword]").Input("short");
        dialogs.Find("input[data-field=repeatPassword]").Input("short");
        dialogs.Find("[data-confirm=reset-password]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("A password has at least 12 characters.", dialogs.FindAll(".mud-input-error").Select(e => e.TextContent.Trim())));
        Assert.NotNull(await Get<UserStore>().VerifyAsync("carol", "Carol-Passw0rd-1", default));

        dialogs.Find("input[data-field=newPassword]").Input("Carol-New-Passw0rd");
        dialogs.Find("input[data-field=repeatPassword]").Input("Carol-New-Passw0rd");
        dialogs.Find("[data-confirm=reset-password]").Click();

        page.WaitForAssertion(() => Assert.Equal("Password of 'carol' reset.", page.Find("#admin-note").TextContent.Trim()));
        Assert.Null(await Get<UserStore>().VerifyAsync("carol", "Carol-Passw0rd-1", default));
        Assert.NotNull(await Get<UserStore>().VerifyAsync("carol", "Carol-New-Passw0rd", default));
        await using var db = Db();
        var entry = await db.Audit.SingleAsync();
        Assert.Equal("admin.user.change", entry.Action);
        Assert.DoesNotContain("Carol-New-Passw0rd", entry.Parameters + entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_role_is_changed_through_its_dialog()
    {
        await Get<UserStore>().CreateAsync("admin", AdminPassword, Roles.Admin, default);
        await Get<UserStore>().CreateAsync("carol", "Carol-Passw0rd-1", Roles.Operator, default);
        var dialogs = RenderDialogs();
        var page = RenderFor<UsersPage>(Admin);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr[data-user]").Count));

        page.Find("[data-change-role=carol]").Click();
        dialogs.WaitForElement("input[data-role=viewer]").Click();
        dialogs.Find("[data-confirm=change-role]").Click();

        page.WaitForAssertion(() => Assert.Equal("viewer", page.Find("tr[data-user=carol] td[data-role]").TextContent));
        Assert.Equal(Roles.Viewer, (await Get<UserStore>().FindAsync("carol", default))!.Role);
    }

    [Fact]
    public async Task An_admin_disabled_a_moment_ago_changes_nothing_from_a_page_still_open()
    {
        var users = Get<UserStore>();
        await users.CreateAsync("admin", AdminPassword, Roles.Admin, default);
        var ada = await users.CreateAsync("ada", "Ada-Passw0rd-123", Roles.Admin, default);
        var circuit = Circuit;
        circuit.SetAuthorized("ada");
        circuit.SetRoles(Roles.Admin);
        circuit.SetClaims(new System.Security.Claims.Claim(PrincipalValidator.KindClaim, PrincipalValidator.UserKind),
            new System.Security.Claims.Claim(PrincipalValidator.StampClaim, ada.SecurityStamp));
        await users.CreateAsync("carol", "Carol-Passw0rd-1", Roles.Operator, default);
        var dialogs = RenderDialogs();
        var page = RenderFor<UsersPage>(Admin);
        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("tr[data-user]").Count));

        // Another admin disables ada; her page has not been revalidated yet.
        await users.SetDisabledAsync(ada.Id, true, default);
        page.Find("[data-disable=carol]").Click();
        dialogs.WaitForElement("[data-confirm=disable]").Click();

        page.WaitForAssertion(() => Assert.Equal(AdminActors.AccessChanged, page.Find("#admin-note").TextContent.Trim()));
        Assert.False((await users.FindAsync("carol", default))!.Disabled);
        await using var db = Db();
        Assert.Empty(await db.Audit.ToListAsync());
    }

    private static void Fill(IRenderedComponent<UsersPage> page, string userName, string password, string? role)
    {
        page.Find("input[data-field=userName]").Input(userName);
        page.Find("input[data-field=password]").Input(password);
        if (role is not null)
        {
            page.Find($"#add-user input[data-role={role}]").Click();
        }
    }
}
