using System.Buffers;
using System.Runtime.InteropServices;

namespace EpochCompare.Tensors.Kernels;

/// <summary>
/// A pooled, pinned, 64-byte aligned float scratch buffer for packed GEMM panels.
/// Rented per call (not per element), so hot loops never allocate and nested or concurrent
/// GEMMs never share one.
/// </summary>
internal unsafe struct PackBuffer : IDisposable
{
    private const int AlignFloats = 16;
    private float[]? _array;
    private GCHandle _handle;

    public PackBuffer(long floats)
    {
        if (floats + AlignFloats > Array.MaxLength)
        {
            throw new InvalidOperationException($"sgemm: packing buffer of {floats} floats is too large.");
        }
        _array = ArrayPool<float>.Shared.Rent((int)floats + AlignFloats);
        _handle = GCHandle.Alloc(_array, GCHandleType.Pinned);
        nint start = _handle.AddrOfPinnedObject();
        nint aligned = (start + 63) & ~(nint)63;
        Pointer = (float*)aligned;
    }

    public float* Pointer { get; }

    public void Dispose()
    {
        if (_array is not null)
        {
            _handle.Free();
            ArrayPool<float>.Shared.Return(_array);
            _array = null;
        }
    }
}
