using BackupRestore.Dashboard.Features.Operations;

namespace BackupRestore.Dashboard.Components.Shared;

/// <summary>State in words and an icon (never colour alone), shared by badges, rows and notifications.</summary>
public static class StateLabels
{
    public static string Icon(OperationState state) => state switch
    {
        OperationState.Running => "▶",
        OperationState.Suspended => "‖",
        OperationState.Succeeded => "✔",
        OperationState.Failed => "✖",
        OperationState.Cancelled => "⊘",
        OperationState.Idle => "○",
        _ => "?",
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
}
