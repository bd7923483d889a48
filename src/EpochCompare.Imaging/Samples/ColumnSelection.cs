namespace EpochCompare.Imaging.Samples;

/// <summary>
/// Which epoch/step columns go into a grid: an explicit list (<c>--epochs 25,50,100</c>) and/or every
/// n-th one in order (<c>--every 2</c> keeps the 2nd, 4th, ...). The base column is always kept.
/// </summary>
public sealed record ColumnSelection(IReadOnlyList<int>? Values = null, int Every = 1)
{
    public static ColumnSelection All { get; } = new();

    /// <summary>Filters the sorted non-base values; an explicit value that does not exist is an error naming what does.</summary>
    public IReadOnlyList<int> Apply(IReadOnlyList<int> available, string what)
    {
        if (Every < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(Every), $"--every must be at least 1, got {Every}.");
        }
        IEnumerable<int> chosen = available;
        if (Values is { Count: > 0 })
        {
            int[] absent = [.. Values.Where(v => !available.Contains(v))];
            if (absent.Length > 0)
            {
                throw new ArgumentException(
                    $"{what} {string.Join(", ", absent)} not found; available: {string.Join(", ", available)}.");
            }
            chosen = available.Where(Values.Contains);
        }
        List<int> list = [.. chosen];
        return Every == 1 ? list : [.. list.Where((_, i) => (i + 1) % Every == 0)];
    }
}
