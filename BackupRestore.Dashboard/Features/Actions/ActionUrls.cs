namespace BackupRestore.Dashboard.Features.Actions;

public static class ActionUrls
{
    public static string For(string operationId, string action) =>
        $"/operations/{Uri.EscapeDataString(operationId)}/actions/{Uri.EscapeDataString(action)}";

    public static string Detail(string operationId) => $"/operations/{Uri.EscapeDataString(operationId)}";

    public static string Target(string target) => $"/targets/{Uri.EscapeDataString(target)}";

    public static string TargetAction(string target, string action) => $"{Target(target)}/actions/{Uri.EscapeDataString(action)}";

    public static string BackupAction(string target, string backupId, string action) =>
        $"{Target(target)}/backups/{Uri.EscapeDataString(backupId)}/actions/{Uri.EscapeDataString(action)}";
}
