using static TorchSharp.torch;

namespace EpochCompare.Flux.Devices;

/// <summary>LibTorch's intra-op CPU thread count. Results are reproducible at a fixed count (reductions split by thread).</summary>
public static class ComputeThreads
{
    public static void Set(int threads)
    {
        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, "threads must be at least 1");
        }
        set_num_threads(threads);
    }

    public static int Current => get_num_threads();
}
