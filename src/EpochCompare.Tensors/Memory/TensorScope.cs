namespace EpochCompare.Tensors.Memory;

/// <summary>
/// Pooled-memory scope for a step. Tensors created while a scope is active (on this thread) take their
/// buffers from a pool and give them back when the scope is disposed; touching such a tensor afterwards
/// throws ObjectDisposedException. Use <see cref="Keep"/> for results that must outlive the scope.
/// Without any scope, tensors are ordinary GC memory. Parameters and their gradients are never scoped.
/// <code>
/// using (new TensorScope()) { var loss = model.Loss(batch); loss.Backward(); optimizer.Step(); }
/// </code>
/// Scopes nest; they must be disposed in reverse order of creation, on the thread that created them.
/// </summary>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic]
    private static TensorScope? _current;

    private readonly TensorScope? _parent;
    private readonly List<TensorStorage> _owned = [];
    private bool _disposed;

    public TensorScope()
    {
        _parent = _current;
        _current = this;
    }

    internal static TensorScope? Current => _current;

    internal void Track(TensorStorage storage) => _owned.Add(storage);

    /// <summary>Moves the tensor's buffer to the enclosing scope (or to the GC when there is none) and returns it.</summary>
    public static Tensor Keep(Tensor tensor)
    {
        var scope = _current ?? throw new InvalidOperationException("TensorScope.Keep: no scope is active.");
        var storage = tensor.Storage;
        if (!scope._owned.Remove(storage))
        {
            return tensor; // owned by an outer scope or by the GC already
        }
        if (scope._parent is not null)
        {
            scope._parent.Track(storage);
            return tensor;
        }
        storage.MoveToGc(); // leaving every scope: the pool must never see this buffer again
        return tensor;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        if (_current != this)
        {
            throw new InvalidOperationException("TensorScope disposed out of order (inner scopes must end first, on the same thread).");
        }
        _disposed = true;
        foreach (var storage in _owned)
        {
            storage.Release();
        }
        _owned.Clear();
        _current = _parent;
    }
}
