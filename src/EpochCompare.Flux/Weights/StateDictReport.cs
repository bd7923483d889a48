namespace EpochCompare.Flux.Weights;

/// <summary>What a state-dict load found: keys the model needs but the file lacks, keys the model does not know, and shape disagreements.</summary>
public sealed record StateDictReport(IReadOnlyList<string> Missing, IReadOnlyList<string> Unexpected, IReadOnlyList<string> Mismatched)
{
    public bool IsExact => Missing.Count == 0 && Unexpected.Count == 0 && Mismatched.Count == 0;

    public override string ToString()
    {
        var parts = new List<string>();
        if (Missing.Count > 0)
        {
            parts.Add($"missing {Missing.Count} ({Preview(Missing)})");
        }
        if (Unexpected.Count > 0)
        {
            parts.Add($"unexpected {Unexpected.Count} ({Preview(Unexpected)})");
        }
        if (Mismatched.Count > 0)
        {
            parts.Add($"mis-shaped {Mismatched.Count} ({Preview(Mismatched)})");
        }
        return parts.Count == 0 ? "all keys match" : string.Join("; ", parts);
    }

    private static string Preview(IReadOnlyList<string> keys) =>
        string.Join(", ", keys.Take(5)) + (keys.Count > 5 ? ", ..." : "");
}
