using BackupRestore.Dashboard.Features.Hosting;
using BackupRestore.Dashboard.Features.Operations;

namespace BackupRestore.Dashboard.Features.Polling;

/// <summary>
/// Vendor text can carry credentials (a vCenter restore echoes its <c>sftp://user:pw@host</c> location into its
/// messages): every free-text field of an operation goes through <see cref="Redaction"/> before the store, the
/// pages, the API, the history and the webhooks see it.
/// </summary>
internal static class RedactedOperations
{
    public static IReadOnlyList<Operation> Apply(IReadOnlyList<Operation> operations) => operations.Select(Apply).ToList();

    public static Operation Apply(Operation o) => o with
    {
        Message = Redaction.ApplyOrNull(o.Message),
        VendorStatusDescription = Redaction.ApplyOrNull(o.VendorStatusDescription),
        TargetIssue = Redaction.ApplyOrNull(o.TargetIssue),
        Step = o.Step is { } step
            ? step with { Description = Redaction.ApplyOrNull(step.Description), StatusDescription = Redaction.ApplyOrNull(step.StatusDescription) }
            : null,
        Facts = o.Facts.Select(f => f with { Value = Redaction.Apply(f.Value) }).ToList(),
        Instructions = o.Instructions.Select(i => i with
        {
            Resources = i.Resources.Select(r => r with
            {
                Values = r.Values.ToDictionary(v => v.Key, v => Redaction.ApplyOrNull(v.Value)),
            }).ToList(),
        }).ToList(),
    };
}
