namespace BackupRestore.Dashboard.Features.Actions;

public static class ActionUrls
{
    public static string For(string operationId, string action) =>
        $"/operations/{Uri.EscapeDataString(operationId)}/actions/{Uri.EscapeDataString(action)}";

    public static string Detail(string operationId) => $"/operations/{Uri.EscapeDataString(operationId)}";
}
