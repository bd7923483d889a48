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

    /// <summary>
    /// How diverse the training images are at the grid's seed count: the mean Vendi score of consecutive
    /// groups of <paramref name="groupSize"/> images (in the set's fixed order); null with fewer images than that.
    /// </summary>
    public static double? TrainingVendi(TrainingSet training, int groupSize)
    {
        if (groupSize < 2 || training.Count < groupSize)
        {
            return null;
        }
        var scores = new List<double>();
        for (int start = 0; start + groupSize <= training.Count; start += groupSize)
        {
            scores.Add(VendiScore.FromVectors([.. Enumerable.Range(start, groupSize).Select(i => training.Features[i].Composite)]));
        }
        return scores.Average();
    }
}
