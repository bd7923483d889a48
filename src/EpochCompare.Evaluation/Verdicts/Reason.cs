using System.Globalization;

namespace EpochCompare.Evaluation.Verdicts;

/// <summary>
/// One explanation behind a verdict: a stable code, the checkpoint it is about, and the numbers,
/// e.g. <c>OVERRIDDEN@200 A_comp=0.91 M_norm=0.62 seeds=4/4</c>.
/// </summary>
public sealed record Reason(string Code, int? Epoch, IReadOnlyList<KeyValuePair<string, string>> Values)
{
    public static Reason Of(string code, int? epoch, params (string Name, object? Value)[] values) =>
        new(code, epoch, [.. values.Where(v => v.Value is not null).Select(v => new KeyValuePair<string, string>(v.Name, Format(v.Value!)))]);

    public override string ToString()
    {
        string head = Epoch is null ? Code : $"{Code}@{Epoch.Value.ToString(CultureInfo.InvariantCulture)}";
        return Values.Count == 0 ? head : head + " " + string.Join(" ", Values.Select(v => $"{v.Key}={v.Value}"));
    }

    private static string Format(object value) => value switch
    {
        double d => d.ToString("0.###", CultureInfo.InvariantCulture),
        float f => f.ToString("0.###", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
