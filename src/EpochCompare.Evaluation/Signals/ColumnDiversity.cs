using EpochCompare.Evaluation.Diversity;
using EpochCompare.Evaluation.Features;

namespace EpochCompare.Evaluation.Signals;

/// <summary>S7: how different the seeds of one column are from each other.</summary>
public sealed record ColumnDiversity(double Vendi, double PairwisePerceptualHashMean)
{
    public static ColumnDiversity? Measure(IReadOnlyList<MeasuredCell> column)
    {
        if (column.Count < 2)
        {
            return null;
        }
        double vendi = VendiScore.FromVectors([.. column.Select(c => c.Features.Composite)]);
        var hamming = new List<double>();
        for (int i = 0; i < column.Count; i++)
        {
            for (int j = i + 1; j < column.Count; j++)
            {
                hamming.Add(HammingDistance.Between(column[i].Features.PerceptualHash, column[j].Features.PerceptualHash));
            }
        }
        return new ColumnDiversity(vendi, hamming.Average());
    }
}
