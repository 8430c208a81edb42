using BackupRestore.Dashboard.Features.Operations;

namespace BackupRestore.Dashboard.Tests.Features.Operations;

/// <summary>Operations as pollers deliver them, for page and grid tests.</summary>
internal static class OperationExamples
{
    public static Operation Of(string target, OperationState state, string system = "nsx", string? subject = null, int? progress = null, string[]? actions = null) => new()
    {
        Id = $"{target}:op",
        Target = target,
        System = system,
        Kind = "restore",
        Subject = subject ?? $"job of {target}",
        State = state,
        VendorStatus = state.ToString().ToUpperInvariant(),
        Progress = progress,
        Actions = actions ?? [],
        Step = new OperationStep(2, 11, "SFTP_COPY_START", "Copying", "RUNNING", null),
    };
}
