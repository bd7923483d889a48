namespace EpochCompare.Tensors.Memory;

/// <summary>
/// The float buffer behind one or more tensors (a tensor and its reshape views share one storage).
/// Storage created inside a <see cref="TensorScope"/> is pooled and released when the scope ends;
/// storage created outside any scope belongs to the GC and is never released.
/// </summary>
internal sealed class TensorStorage
{
    private float[]? _array;

    private TensorStorage(float[] array, bool pooled)
    {
        _array = array;
        Pooled = pooled;
    }

    public bool Pooled { get; private set; }

    public bool Released => _array is null;

    public float[] Array => _array ?? throw new ObjectDisposedException(
        "tensor", "tensor used after its TensorScope ended (call TensorScope.Keep on results that must outlive the scope).");

    /// <summary>New storage of the given length, registered with the current scope when there is one.</summary>
    public static TensorStorage Allocate(int length, bool zeroed)
    {
        var scope = TensorScope.Current;
        if (scope is null)
        {
            return new TensorStorage(zeroed ? new float[length] : GC.AllocateUninitializedArray<float>(length), pooled: false);
        }
        var array = BufferPool.Rent(length);
        if (zeroed)
        {
            System.Array.Clear(array);
        }
        var storage = new TensorStorage(array, pooled: true);
        scope.Track(storage);
        return storage;
    }

    /// <summary>Wraps a caller's array without copying; never pooled.</summary>
    public static TensorStorage Wrap(float[] array) => new(array, pooled: false);

    /// <summary>Swaps pooled memory for a GC array (same contents), so the buffer can outlive every scope.</summary>
    public void MoveToGc()
    {
        if (!Pooled)
        {
            return;
        }
        var pooled = Array;
        _array = pooled.AsSpan().ToArray();
        Pooled = false;
        BufferPool.Return(pooled);
    }

    public void Release()
    {
        var array = _array;
        _array = null;
        if (array is not null && Pooled)
        {
            BufferPool.Return(array);
        }
    }
}
