namespace EpochCompare.Semantic.Loading;

/// <summary>How a checkpoint's tensors line up with a module's state dict.</summary>
public sealed record KeyComparison(
    IReadOnlyList<string> Missing,
    IReadOnlyList<string> Unexpected,
    IReadOnlyList<string> Misshaped,
    IReadOnlyList<string> Skipped)
{
    public bool IsExact => Missing.Count == 0 && Unexpected.Count == 0 && Misshaped.Count == 0;

    /// <summary>Compares expected (name, shape) pairs with the file's; <paramref name="skip"/> names file keys to ignore.</summary>
    public static KeyComparison Compare(
        IReadOnlyDictionary<string, long[]> expected,
        IReadOnlyDictionary<string, long[]> found,
        Func<string, bool> skip)
    {
        var skipped = found.Keys.Where(skip).Order(StringComparer.Ordinal).ToList();
        var missing = expected.Keys.Where(k => !found.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var unexpected = found.Keys.Where(k => !skip(k) && !expected.ContainsKey(k)).Order(StringComparer.Ordinal).ToList();
        var misshaped = expected
            .Where(e => found.TryGetValue(e.Key, out long[]? shape) && !shape.SequenceEqual(e.Value))
            .Select(e => $"{e.Key} [{string.Join(", ", found[e.Key])}] (module [{string.Join(", ", e.Value)}])")
            .Order(StringComparer.Ordinal)
            .ToList();
        return new KeyComparison(missing, unexpected, misshaped, skipped);
    }

    /// <summary>One line: counts and the first name of each kind.</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (Missing.Count > 0)
        {
            parts.Add($"{Missing.Count} missing (first '{Missing[0]}')");
        }
        if (Unexpected.Count > 0)
        {
            parts.Add($"{Unexpected.Count} unexpected (first '{Unexpected[0]}')");
        }
        if (Misshaped.Count > 0)
        {
            parts.Add($"{Misshaped.Count} of the wrong shape (first {Misshaped[0]})");
        }
        return parts.Count == 0 ? "all keys match" : string.Join(", ", parts);
    }
}
