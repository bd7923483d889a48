using System.Collections.Concurrent;

namespace EpochCompare.Tensors.Memory;

/// <summary>
/// Exact-length float buffer pool. A training or sampling step repeats the same shapes, so exact-size
/// buckets are reused step after step without the 2x waste of power-of-two buckets.
/// Buffers come back uninitialised: every op writes its whole output.
/// Total pooled memory is capped; buffers beyond the cap are left to the GC.
/// </summary>
internal static class BufferPool
{
    private const long MaxPooledFloats = 512L * 1024 * 1024; // 2 GiB
    private static readonly ConcurrentDictionary<int, ConcurrentBag<float[]>> Buckets = new();
    private static long _pooledFloats;

    public static float[] Rent(int length)
    {
        if (length == 0)
        {
            return [];
        }
        if (Buckets.TryGetValue(length, out var bag) && bag.TryTake(out var array))
        {
            Interlocked.Add(ref _pooledFloats, -length);
            return array;
        }
        return GC.AllocateUninitializedArray<float>(length);
    }

    public static void Return(float[] array)
    {
        if (array.Length == 0 || Interlocked.Read(ref _pooledFloats) + array.Length > MaxPooledFloats)
        {
            return;
        }
        Interlocked.Add(ref _pooledFloats, array.Length);
        Buckets.GetOrAdd(array.Length, _ => new ConcurrentBag<float[]>()).Add(array);
    }
}
