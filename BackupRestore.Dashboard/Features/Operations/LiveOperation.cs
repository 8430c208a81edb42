using BackupRestore.Dashboard.Features.Live;
using Microsoft.AspNetCore.Components;

namespace BackupRestore.Dashboard.Features.Operations;

/// <summary>A component that shows one operation, by id, and renders again whenever that operation changes.</summary>
public abstract class LiveOperation : LiveComponent
{
    private string? followed;

    [Parameter, EditorRequired] public string OperationId { get; set; } = "";

    [Inject] private Diagnostics.RuntimeStats Runtime { get; set; } = default!;

    /// <summary>The latest snapshot (null: not listed now).</summary>
    protected OperationEntry? Entry { get; private set; }

    protected override Task OnParametersSetAsync()
    {
        if (followed == OperationId)
        {
            return Task.CompletedTask;
        }
        // Switch before anything is awaited: a render in between must not show the operation followed before.
        var stopping = UnfollowAsync();
        followed = OperationId;
        var snapshot = Follow(OperationId, burst =>
        {
            foreach (var changes in burst)
            {
                if (changes.Upserted.Count > 0)
                {
                    Entry = changes.Upserted[^1];
                    Runtime.RecordRenderDelay(Time.GetUtcNow() - Entry.Operation.UpdatedAt);
                }
                else if (changes.Removed.Count > 0)
                {
                    Entry = null;
                }
            }
            return true;
        });
        Entry = snapshot.Count > 0 ? snapshot[0] : null;
        return stopping;
    }
}
