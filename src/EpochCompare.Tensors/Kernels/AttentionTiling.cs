namespace EpochCompare.Tensors.Kernels;

/// <summary>Tile sizes for attention: depend only on the length, so results never depend on thread count.</summary>
internal static class AttentionTiling
{
    /// <summary>The fewest tiles of at most <paramref name="max"/>, made about equal (272 keys: 136 + 136, not 256 + 16).</summary>
    public static int Balanced(int length, int max)
    {
        if (length <= max)
        {
            return Math.Max(1, length);
        }
        int tiles = (length + max - 1) / max;
        int size = (length + tiles - 1) / tiles;
        int rounded = (size + 7) / 8 * 8;
        return Math.Min(max, rounded);
    }
}
