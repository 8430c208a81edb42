namespace BackupRestore.Dashboard.Features.Operations;

/// <summary>What a row asks of the grid it sits in (cascaded once, fixed: rows do not re-render when the grid does).</summary>
public interface IOperationGrid
{
    void Toggle(string operationId);

    void Expand(string operationId);

    void ToggleGroup(string groupKey);
}
