using BackupRestore.Dashboard.Features.Targets;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace BackupRestore.Dashboard.Vendors.Cbr;

/// <summary>
/// The choices of a CBR restore: servers (this backup's, then the other servers of the list), the volumes of the
/// chosen server (its disk backups' resources) and, for a disk, every volume the list knows. The backup's own
/// resources are the defaults; another server's volumes must be picked one by one.
/// </summary>
public sealed partial class CbrRestoreDialog
{
    private readonly Dictionary<string, string?> mapping = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> names = new(StringComparer.Ordinal);
    private MudForm form = default!;
    private CbrBackupDetails? details;
    private List<Server> servers = [];
    private List<Volume> volumes = [];
    private string? serverId;
    private string? volumeId;
    private bool powerOn = true;

    [CascadingParameter] private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter, EditorRequired] public TargetOptions Target { get; set; } = default!;

    [Parameter, EditorRequired] public BackupItem Backup { get; set; } = default!;

    /// <summary>The backups listed with it: their resources are the other places a restore can go.</summary>
    [Parameter] public IReadOnlyList<BackupItem> Backups { get; set; } = [];

    private string Consequence => $"{Vendors.Get(Target.System).Describe("restore").Confirmation} "
        + (details?.IsServer == true ? "The server is stopped while it is restored." : "");

    private IEnumerable<Volume> ServerVolumes => servers.FirstOrDefault(s => s.Id == serverId)?.Volumes ?? [];

    protected override void OnInitialized()
    {
        details = Backup.Details as CbrBackupDetails;
        if (details is null)
        {
            return;
        }
        var known = Backups.Select(b => b.Details).OfType<CbrBackupDetails>().Prepend(details).ToList();
        servers = known.Where(d => d.IsServer && d.ResourceId is not null)
            .DistinctBy(d => d.ResourceId)
            .Select(d => new Server(d.ResourceId!, d.ResourceName ?? d.ResourceId!, d.Disks.Where(k => k.ResourceId is not null).Select(k => new Volume(k.ResourceId!, k.Name)).ToList()))
            .ToList();
        volumes = known.SelectMany(d => d.IsServer
                ? d.Disks.Where(k => k.ResourceId is not null).Select(k => new Volume(k.ResourceId!, k.Name))
                : d.ResourceId is null ? [] : [new Volume(d.ResourceId, d.ResourceName ?? d.ResourceId)])
            .DistinctBy(v => v.Id)
            .ToList();
        foreach (var server in servers)
        {
            names[server.Id] = server.Name;
        }
        foreach (var volume in volumes.Concat(servers.SelectMany(s => s.Volumes)))
        {
            names.TryAdd(volume.Id, volume.Name);
        }
        if (details.IsServer)
        {
            ChooseServer(details.ResourceId);
        }
        else
        {
            volumeId = details.ResourceId;
        }
    }

    /// <summary>Its own server: each disk back to its own volume. Another server: nothing is assumed.</summary>
    private void ChooseServer(string? id)
    {
        serverId = id;
        foreach (var disk in details!.Disks)
        {
            mapping[disk.BackupId] = id == details.ResourceId ? disk.ResourceId : null;
        }
    }

    private string ServerLabel(string? id) => Label(id, id == details?.ResourceId ? " (the backup's own server)" : "");

    private string VolumeLabel(string? id) => Label(id, "");

    private string Label(string? id, string suffix) => id is null ? "" : $"{names.GetValueOrDefault(id, id)} · {Short(id)}{suffix}";

    private static string Short(string id) => id.Length > 8 ? id[..8] + "…" : id;

    /// <summary>Two disk backups restored onto one volume would overwrite each other.</summary>
    private string? Clash(string backupId, string? volume)
    {
        if (volume is null)
        {
            return null;
        }
        var other = details!.Disks.FirstOrDefault(d => d.BackupId != backupId && mapping.GetValueOrDefault(d.BackupId) == volume);
        return other is null ? null : $"{names.GetValueOrDefault(volume, volume)} is already chosen for {other.Name}.";
    }

    private async Task ConfirmAsync()
    {
        await form.ValidateAsync();
        if (!form.IsValid)
        {
            return;
        }
        var fields = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (details!.IsServer)
        {
            fields["server_id"] = [serverId!];
            foreach (var disk in details.Disks)
            {
                fields[$"volume:{disk.BackupId}"] = [mapping[disk.BackupId]!];
            }
            fields["power_on"] = [powerOn ? "true" : "false"];
        }
        else
        {
            fields["volume_id"] = [volumeId!];
        }
        Dialog.Close(DialogResult.Ok(new ActionInput("restore", null, fields)));
    }

    private sealed record Server(string Id, string Name, IReadOnlyList<Volume> Volumes);

    private sealed record Volume(string Id, string Name);
}
