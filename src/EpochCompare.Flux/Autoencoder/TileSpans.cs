namespace EpochCompare.Flux.Autoencoder;

/// <summary>
/// Where tiles of <c>tile</c> cells start along one axis of <c>length</c> cells so that neighbours overlap by at least
/// <c>overlap</c> cells: the fewest tiles that can (<c>ceil((length - overlap) / (tile - overlap))</c>), spread evenly
/// from 0 to <c>length - tile</c> (so every overlap is the asked one or a cell more). One tile when it covers the axis.
/// </summary>
public static class TileSpans
{
    public static IReadOnlyList<int> Starts(int length, int tile, int overlap)
    {
        if (length < 1 || tile < 1 || overlap < 0 || overlap >= tile)
        {
            throw new ArgumentOutOfRangeException(nameof(tile), $"tiles of {tile} cells overlapping by {overlap} cannot cover {length} cells.");
        }
        if (length <= tile)
        {
            return [0];
        }
        int count = (length - overlap + (tile - overlap) - 1) / (tile - overlap);
        // Rounded even spacing: each step is at most ceil((length - tile) / (count - 1)) <= tile - overlap.
        return [.. Enumerable.Range(0, count).Select(i => (int)Math.Round((double)i * (length - tile) / (count - 1), MidpointRounding.AwayFromZero))];
    }

    /// <summary>
    /// The blend weight of each cell of the tile starting at <paramref name="starts"/>[<paramref name="index"/>]
    /// (<paramref name="size"/> cells): a linear ramp across the overlap with each neighbour, so two overlapping
    /// tiles' weights sum to 1 in their overlap (cross-fade), 1 elsewhere. Cell centres sit at +0.5.
    /// </summary>
    public static float[] Weights(IReadOnlyList<int> starts, int index, int size)
    {
        int start = starts[index];
        int before = index > 0 ? starts[index - 1] + size - start : 0;
        int after = index < starts.Count - 1 ? start + size - starts[index + 1] : 0;
        var weights = new float[size];
        for (int p = 0; p < size; p++)
        {
            double w = 1.0;
            if (before > 0)
            {
                w *= Math.Clamp((p + 0.5) / before, 0.0, 1.0);
            }
            if (after > 0)
            {
                w *= Math.Clamp((size - p - 0.5) / after, 0.0, 1.0);
            }
            weights[p] = (float)w;
        }
        return weights;
    }
}
