namespace EpochCompare.Tensors.Memory;

/// <summary>Temporary buffers inside one op (forward or backward); always returned before the op ends.</summary>
internal static class Scratch
{
    /// <summary>A buffer of at least <paramref name="length"/> floats, contents undefined.</summary>
    public static float[] Rent(int length) => BufferPool.Rent(length);

    public static void Return(float[] buffer) => BufferPool.Return(buffer);
}
