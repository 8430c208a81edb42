using BackupRestore.Dashboard.Features.Operations;
using MudBlazor;

namespace BackupRestore.Dashboard.Components.Shared;

/// <summary>State in words and an icon (never colour alone), shared by badges, rows, tiles and notifications.</summary>
public static class StateLabels
{
    /// <summary>A plain-text symbol, for notifications and anything that is not a page.</summary>
    public static string Symbol(OperationState state) => state switch
    {
        OperationState.Running => "▶",
        OperationState.Suspended => "‖",
        OperationState.Succeeded => "✔",
        OperationState.Failed => "✖",
        OperationState.Cancelled => "⊘",
        OperationState.Idle => "○",
        _ => "?",
    };

    /// <summary>The MudBlazor (Material) icon: SVG path markup from the library's constants.</summary>
    public static string Icon(OperationState state) => state switch
    {
        OperationState.Running => Icons.Material.Filled.PlayArrow,
        OperationState.Suspended => Icons.Material.Filled.PauseCircle,
        OperationState.Succeeded => Icons.Material.Filled.CheckCircle,
        OperationState.Failed => Icons.Material.Filled.Error,
        OperationState.Cancelled => Icons.Material.Filled.Block,
        OperationState.Idle => Icons.Material.Outlined.Circle,
        _ => Icons.Material.Filled.HelpOutline,
    };

    public static Color Color(OperationState state) => state switch
    {
        OperationState.Running => MudBlazor.Color.Info,
        OperationState.Suspended => MudBlazor.Color.Warning,
        OperationState.Succeeded => MudBlazor.Color.Success,
        OperationState.Failed => MudBlazor.Color.Error,
        OperationState.Unknown => MudBlazor.Color.Secondary,
        _ => MudBlazor.Color.Default,
    };

    public static string Label(OperationState state) => state switch
    {
        OperationState.Running => "Running",
        OperationState.Suspended => "Suspended",
        OperationState.Succeeded => "Succeeded",
        OperationState.Failed => "Failed",
        OperationState.Cancelled => "Cancelled",
        OperationState.Idle => "Idle",
        _ => "Unknown",
    };

    /// <summary>The order counts and chips are shown in: what needs a human first.</summary>
    public static IReadOnlyList<OperationState> Order { get; } =
    [
        OperationState.Suspended, OperationState.Failed, OperationState.Unknown, OperationState.Running,
        OperationState.Idle, OperationState.Succeeded, OperationState.Cancelled,
    ];
}
