using BackupRestore.Dashboard.Features.Targets;
using BackupRestore.Dashboard.Tests.Features.Targets;
using BackupRestore.Dashboard.Tests.Infrastructure;
using BackupRestore.Dashboard.Vendors;
using BackupRestore.Dashboard.Vendors.Cbr;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BackupRestore.Dashboard.Tests.Vendors.Cbr;

/// <summary>
/// The CBR restore dialog: everything is picked from the backups' own resources and children, the backup's own
/// server and volumes are the defaults, another server's volumes are chosen one by one, two disks never share a
/// volume, and the answer carries server_id, a volume per disk backup and power_on (or volume_id for a disk).
/// </summary>
public sealed class CbrRestoreDialogTests : DashboardTestContext
{
    private static readonly TargetOptions Vault = new() { Name = "vault", System = "cbr", BaseUrl = "https://cbr.example.com" };

    private static readonly BackupItem Web = Server("b-web", "ecs-web-01", "srv-web", [("d-web-sys", "ecs-web-01-sys", "vol-web-sys"), ("d-web-data", "ecs-web-01-data", "vol-web-data")]);
    private static readonly BackupItem App = Server("b-app", "ecs-app-02", "srv-app", [("d-app-sys", "ecs-app-02-sys", "vol-app-sys"), ("d-app-data", "ecs-app-02-data", "vol-app-data")]);
    private static readonly BackupItem Disk = new("b-disk", "autobk_evs-data-01", null, "available", 40L << 30, ["restore"])
    {
        Details = new CbrBackupDetails("OS::Cinder::Volume", "vol-evs", "evs-data-01", []),
    };

    private readonly IRenderedComponent<MudDialogProvider> dialogs;
    private readonly IRenderedComponent<MudPopoverProvider> popovers;

    public CbrRestoreDialogTests()
    {
        dialogs = RenderDialogs();
        popovers = Render<MudPopoverProvider>();
    }

    [Fact]
    public async Task The_dialog_names_the_target_the_backup_and_the_consequence()
    {
        await OpenAsync(Web, [Web, App]);

        var text = dialogs.Find(".mud-dialog").TextContent;
        Assert.Contains("Target: vault", text, StringComparison.Ordinal);
        Assert.Contains("Backup autobk_ecs-web-01 of server ecs-web-01", text, StringComparison.Ordinal);
        Assert.Contains("overwritten with the backup's data", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task By_default_a_server_backup_goes_back_to_its_own_server_and_volumes_with_power_on()
    {
        var result = await OpenAsync(Web, [Web, App]);

        dialogs.Find("button[data-confirm=restore]").Click();

        var input = await InputAsync(result);
        Assert.Equal("srv-web", input.Field("server_id"));
        Assert.Equal("vol-web-sys", input.Field("volume:d-web-sys"));
        Assert.Equal("vol-web-data", input.Field("volume:d-web-data"));
        Assert.True(input.Flag("power_on"));
    }

    [Fact]
    public async Task The_servers_offered_are_the_backups_own_then_the_other_servers_of_the_list()
    {
        await OpenAsync(Web, [Web, App, Disk]);

        FormInput.Open(dialogs, "server_id");

        popovers.WaitForAssertion(() => Assert.Equal(["srv-web", "srv-app"], Options()));
        Assert.Contains("ecs-web-01", popovers.Find("[data-option=srv-web]").TextContent, StringComparison.Ordinal);
        Assert.Contains("the backup's own server", popovers.Find("[data-option=srv-web]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_server_needs_each_volume_picked_from_its_own_disks()
    {
        var result = await OpenAsync(Web, [Web, App]);
        FormInput.Pick(dialogs, popovers, "server_id", "srv-app");

        dialogs.Find("button[data-confirm=restore]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("Choose the volume that ecs-web-01-sys is restored to.", dialogs.Markup, StringComparison.Ordinal));
        Assert.Contains("Choose the volume that ecs-web-01-data is restored to.", dialogs.Markup, StringComparison.Ordinal);
        Assert.False(result.IsCompleted);

        FormInput.Open(dialogs, "volume:d-web-sys");
        popovers.WaitForAssertion(() => Assert.Equal(["vol-app-sys", "vol-app-data"], Options()));
        popovers.Find("[data-option=vol-app-data]").Click();
        FormInput.Pick(dialogs, popovers, "volume:d-web-data", "vol-app-sys");
        dialogs.Find("input[data-field=power_on]").Change(false);
        dialogs.Find("button[data-confirm=restore]").Click();

        var input = await InputAsync(result);
        Assert.Equal("srv-app", input.Field("server_id"));
        Assert.Equal("vol-app-data", input.Field("volume:d-web-sys"));
        Assert.Equal("vol-app-sys", input.Field("volume:d-web-data"));
        Assert.False(input.Flag("power_on"));
    }

    [Fact]
    public async Task Two_disk_backups_cannot_go_to_one_volume()
    {
        var result = await OpenAsync(Web, [Web]);
        FormInput.Pick(dialogs, popovers, "volume:d-web-data", "vol-web-sys");

        dialogs.Find("button[data-confirm=restore]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("ecs-web-01-sys is already chosen for", dialogs.Markup, StringComparison.Ordinal));
        Assert.False(result.IsCompleted);
    }

    [Fact]
    public async Task A_disk_backup_goes_to_a_volume_picked_from_the_known_volumes()
    {
        var result = await OpenAsync(Disk, [Disk, Web]);
        Assert.Empty(dialogs.FindAll("[data-field=server_id], [data-field=power_on]"));

        FormInput.Open(dialogs, "volume_id");
        popovers.WaitForAssertion(() => Assert.Equal(["vol-evs", "vol-web-sys", "vol-web-data"], Options()));
        popovers.Find("[data-option=vol-web-data]").Click();
        dialogs.Find("button[data-confirm=restore]").Click();

        var input = await InputAsync(result);
        Assert.Equal("vol-web-data", input.Field("volume_id"));
        Assert.Null(input.Field("server_id"));
    }

    [Fact]
    public async Task Backing_out_returns_nothing()
    {
        var result = await OpenAsync(Web, [Web]);

        dialogs.Find("button[data-cancel=restore]").Click();

        Assert.True((await result)?.Canceled);
    }

    private List<string> Options() =>
        popovers.FindAll(".mud-popover-open [data-option]").Select(o => o.GetAttribute("data-option")!).ToList();

    private async Task<Task<DialogResult?>> OpenAsync(BackupItem backup, IReadOnlyList<BackupItem> backups)
    {
        var service = Services.GetRequiredService<IDialogService>();
        IDialogReference? reference = null;
        await dialogs.InvokeAsync(async () => reference = await service.ShowAsync<CbrRestoreDialog>("Restore", new DialogParameters
        {
            ["Target"] = Vault,
            ["Backup"] = backup,
            ["Backups"] = backups,
        }));
        dialogs.WaitForAssertion(() => Assert.NotNull(dialogs.Find("button[data-confirm=restore]")));
        return reference!.Result;
    }

    private static async Task<ActionInput> InputAsync(Task<DialogResult?> result)
    {
        var closed = await result.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(closed!.Canceled);
        var input = Assert.IsType<ActionInput>(closed.Data);
        Assert.Equal("restore", input.Action);
        return input;
    }

    private static BackupItem Server(string id, string server, string serverId, (string BackupId, string Name, string Volume)[] disks) =>
        new(id, $"autobk_{server}", null, "available", 140L << 30, ["restore"])
        {
            Details = new CbrBackupDetails(CbrConnector.ServerType, serverId, server, disks.Select(d => new CbrDiskChoice(d.BackupId, d.Name, d.Volume)).ToList()),
        };
}
