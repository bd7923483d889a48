using EpochCompare.Training.Noise;

namespace EpochCompare.Training.Data;

/// <summary>
/// Which image each sample of the run shows. Each epoch lists every image <c>repeats</c> times in an
/// order shuffled from (seed, epoch); the run is those epochs back to back, and batches are taken
/// from that stream, so sample position p belongs to epoch p / samples-per-epoch.
/// </summary>
public sealed class SampleOrder
{
    private readonly int[] _entries;
    private readonly ulong _seed;
    private long _cachedEpoch = -1;
    private int[] _cachedOrder = [];

    public SampleOrder(IReadOnlyList<DatasetImage> images, ulong seed)
    {
        _entries = images.SelectMany((image, index) => Enumerable.Repeat(index, image.Repeats)).ToArray();
        _seed = seed;
    }

    public long SamplesPerEpoch => _entries.Length;

    /// <summary>The image index shown at sample position <paramref name="position"/> (0-based over the whole run).</summary>
    public int ImageAt(long position)
    {
        long epoch = position / _entries.Length;
        if (epoch != _cachedEpoch)
        {
            _cachedOrder = EpochOrder(epoch);
            _cachedEpoch = epoch;
        }
        return _cachedOrder[position % _entries.Length];
    }

    /// <summary>Fisher-Yates over the entries with the epoch's own generator.</summary>
    public int[] EpochOrder(long epoch)
    {
        int[] order = (int[])_entries.Clone();
        TorchRandomSource random = RandomStreams.Create(_seed, RandomStreams.Purpose.DataOrder, epoch);
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = (int)(random.NextDouble() * (i + 1));
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }
}
