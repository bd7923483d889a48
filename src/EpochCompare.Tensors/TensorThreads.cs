namespace EpochCompare.Tensors;

/// <summary>
/// Thread count for the engine: its parallel row loops and the GEMMs its ops call.
/// Work is always split into the same fixed chunks whatever this value is, so results are bit-identical
/// on any thread count; only the number of workers changes.
/// </summary>
public static class TensorThreads
{
    private static int _max = Environment.ProcessorCount;

    /// <summary>Maximum worker threads; 1 runs everything on the calling thread.</summary>
    public static int Max
    {
        get => _max;
        set => _max = value >= 1 ? value : throw new ArgumentOutOfRangeException(nameof(value), "TensorThreads.Max must be at least 1.");
    }

    /// <summary>
    /// Runs <paramref name="body"/>(start, end) over [0, count) in fixed chunks of <paramref name="chunk"/> items.
    /// Chunks are independent; which thread runs which chunk never changes the result.
    /// </summary>
    internal static void For(int count, int chunk, Action<int, int> body)
    {
        if (chunk < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(chunk), "TensorThreads.For: chunk must be at least 1.");
        }
        int chunks = (count + chunk - 1) / chunk;
        if (chunks <= 1 || _max == 1)
        {
            for (int c = 0; c < chunks; c++)
            {
                body(c * chunk, Math.Min(count, (c + 1) * chunk));
            }
            return;
        }
        Parallel.For(0, chunks, Options(_max),
            c => body(c * chunk, Math.Min(count, (c + 1) * chunk)));
    }

    /// <summary>
    /// Parallel.For options for the engine's workers: at most <paramref name="threads"/>, always on the shared thread
    /// pool (Parallel.For otherwise queues to TaskScheduler.Current, which a caller's own limited scheduler could throttle).
    /// </summary>
    internal static ParallelOptions Options(int threads) => new() { MaxDegreeOfParallelism = threads, TaskScheduler = TaskScheduler.Default };

    /// <summary>
    /// Rows per chunk so each chunk does about <paramref name="targetWork"/> element operations: small enough that
    /// a [4 x 272, 128] activation splits into ~9 chunks (even shares for 2 threads), large enough to amortise
    /// Parallel.For's few microseconds.
    /// </summary>
    internal static int RowsPerChunk(int rowLength, int targetWork = 16384) => Math.Max(1, targetWork / Math.Max(1, rowLength));

    /// <summary>Number of chunks <see cref="For"/> makes of <paramref name="count"/> items.</summary>
    internal static int Chunks(int count, int chunk) => (count + chunk - 1) / chunk;
}
