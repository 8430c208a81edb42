using BackupRestore.Dashboard.Tests.Features.Targets;
using BackupRestore.Dashboard.Vendors;
using BackupRestore.Dashboard.Vendors.GeminiDb;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace BackupRestore.Dashboard.Tests.Vendors.GeminiDb;

/// <summary>
/// The GeminiDB manual backup form against the simulator: the instance list comes from the API (the old form's
/// select was empty), name and description are checked exactly as the connector checks them, nothing for a viewer.
/// </summary>
public sealed class GeminiDbBackupFormTests(TargetPageSimulator simulator) : TargetPageContext(simulator), IClassFixture<TargetPageSimulator>
{
    /// <summary>Name, description → the message the form shows (null: accepted).</summary>
    public static TheoryData<string, string, string?> Inputs => new()
    {
        { "before-upgrade", "", null },
        { "B_4", "", "The name must be 4 to 64 characters long." },
        { new string('a', 65), "", "The name must be 4 to 64 characters long." },
        { new string('a', 64), new string('d', 256), null },
        { "1st-backup", "", "The name must start with a letter." },
        { "backup.daily", "", "The name may contain only letters, digits, '-' and '_'." },
        { "backup daily", "", "The name may contain only letters, digits, '-' and '_'." },
        { "backup-daily", new string('d', 257), "At most 256 characters." },
        { "backup-daily", "a=b", "The description may not contain > ! < \" & ' =." },
        { "backup-daily", "it's", "The description may not contain > ! < \" & ' =." },
        { "backup-daily", "<script>", "The description may not contain > ! < \" & ' =." },
        { "backup-daily", "Before the 4.0 upgrade (ticket 42)", null },
    };

    [Fact]
    public void A_viewer_gets_no_form()
    {
        var form = RenderFor<GeminiDbBackupForm>(Viewer, p => p.Add(c => c.Target, Target("gdb")).Add(c => c.Offered, ["backup"]));

        Assert.Empty(form.FindAll("#backup-form, input, button"));
    }

    [Fact]
    public void The_instance_list_is_filled_from_the_API_with_the_instances_that_can_take_a_backup()
    {
        var (_, popovers) = RenderProviders();
        var form = Form();

        form.WaitForAssertion(() => Assert.NotNull(form.Find("input[data-field=instance_id]")));
        FormInput.Open(form, "instance_id");

        popovers.WaitForAssertion(() => Assert.Single(popovers.FindAll(".mud-popover-open [data-option]")));
        // cassandra-orders is backing up (scenario default): only cassandra-sessions can take a manual backup.
        Assert.Contains("cassandra-sessions", popovers.Find(".mud-popover-open [data-option]").TextContent, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task Name_and_description_are_checked_before_anything_is_sent(string name, string description, string? message)
    {
        var form = Form();
        form.WaitForAssertion(() => Assert.NotNull(form.Find("input[data-field=name]")));
        var free = await FreeInstanceAsync("gdb");
        Type(form, "name", name);
        Type(form, "description", description);

        form.Find("button[data-action-button=backup]").Click();

        if (message is null)
        {
            form.WaitForAssertion(() => Assert.Single(Actions.Calls));
            var (subject, input, _) = Actions.Calls.Single();
            Assert.Equal("gdb", subject);
            Assert.Equal("backup", input.Action);
            Assert.Equal(free, input.Field("instance_id"));
            Assert.Equal(name, input.Field("name"));
            Assert.Equal(description, input.Field("description"));
        }
        else
        {
            form.WaitForAssertion(() => Assert.Contains(message, form.Find("#backup-form").TextContent, StringComparison.Ordinal));
            Assert.Empty(Actions.Calls);
        }
    }

    [Theory]
    [MemberData(nameof(Inputs))]
    public async Task The_form_accepts_exactly_what_the_connector_accepts(string name, string description, string? message)
    {
        var target = Target("gdb-rules");
        var input = new ActionInput("backup", null, new Dictionary<string, string[]>
        {
            ["instance_id"] = [(await Connector.InstancesAsync(target, default))[0].Id!],
            ["name"] = [name],
            ["description"] = [description],
        });

        var refused = await Record.ExceptionAsync(() => Connector.ExecuteTargetActionAsync(target, input, default));

        var formRefuses = GeminiDbBackupRules.NameProblem(name) is not null || GeminiDbBackupRules.DescriptionProblem(description) is not null;
        Assert.Equal(message is not null, formRefuses);
        // Accepted input may still meet a busy instance (403 DBS.200011); never an input error.
        Assert.Equal(formRefuses, refused is ActionInputException or VendorException { Error.Code: "DBS.200001" });
    }

    [Fact]
    public void When_no_instance_can_take_a_backup_the_form_says_so_and_has_no_button()
    {
        var form = RenderFor<GeminiDbBackupForm>(Operator, p => p.Add(c => c.Target, Target("gdb")).Add(c => c.Offered, Array.Empty<string>()));

        Assert.NotNull(form.Find("[data-unavailable=backup]"));
        Assert.Empty(form.FindAll("button[data-action-button]"));
    }

    [Fact]
    public void Instances_that_cannot_be_read_say_why()
    {
        var gdb = Simulator.Sim.Target("geminidb", "gdb");
        gdb.Faults.Set(new BackupRestore.Simulator.SimFault(BackupRestore.Simulator.SimFaultKind.MalformedJson));
        try
        {
            var form = Form();

            form.WaitForAssertion(() => Assert.Contains("Cannot list the instances of gdb now", form.Find("[data-missing=instances]").TextContent, StringComparison.Ordinal));
            Assert.Empty(form.FindAll("button[data-action-button]"));
        }
        finally
        {
            gdb.Faults.Clear();
        }
    }

    private IRenderedComponent<GeminiDbBackupForm> Form() =>
        RenderFor<GeminiDbBackupForm>(Operator, p => p.Add(c => c.Target, Target("gdb")).Add(c => c.Offered, ["backup"]));

    private GeminiDbConnector Connector => (GeminiDbConnector)Services.GetRequiredService<VendorRegistry>().Get("geminidb");

    private async Task<string> FreeInstanceAsync(string target) =>
        GeminiDbConnector.FreeInstances(await Connector.InstancesAsync(Target(target), default))[0].Id;
}
