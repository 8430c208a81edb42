namespace BackupRestore.Dashboard.Components.Shared;

/// <summary>
/// One click handler per key for a component's life. Blazor compares handlers by reference: a new closure at every
/// render is a changed attribute, a new event handler id and an old one released after the browser's acknowledgement,
/// for the same click. The handler calls <c>handle</c> when clicked, so it acts on the component's current parameters.
/// </summary>
internal sealed class StableHandlers<TKey>(Func<TKey, Task> handle) where TKey : notnull
{
    private readonly Dictionary<TKey, Func<Task>> handlers = [];

    public Func<Task> For(TKey key)
    {
        if (!handlers.TryGetValue(key, out var handler))
        {
            handlers[key] = handler = () => handle(key);
        }
        return handler;
    }
}
