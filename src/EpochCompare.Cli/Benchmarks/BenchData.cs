namespace EpochCompare.Cli.Benchmarks;

/// <summary>Deterministic inputs for benchmarks.</summary>
internal static class BenchData
{
    public static float[] Random(int length, int seed)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }
        return values;
    }
}
