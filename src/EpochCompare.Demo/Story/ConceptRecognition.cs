using EpochCompare.Demo.Classifier;
using EpochCompare.Demo.World;
using EpochCompare.Imaging;

namespace EpochCompare.Demo.Story;

/// <summary>How often the classifier recognises the prompted concept in one column (one image per seed).</summary>
/// <param name="Epoch">0 for the base model's column.</param>
public sealed record ColumnRecognition(int Epoch, IReadOnlyList<WorldConcept> Predicted, WorldConcept Prompted)
{
    public int Recognised => Predicted.Count(c => c == Prompted);

    public double Accuracy => Predicted.Count == 0 ? 0 : (double)Recognised / Predicted.Count;

    /// <summary>"Lost" as the demo defines it: recognised in fewer than half of the seeds.</summary>
    public bool Lost => 2 * Recognised < Predicted.Count;
}

/// <summary>The classifier's ground truth for one prompt across the columns of its grid.</summary>
public sealed record ConceptRecognition(WorldConcept Prompted, IReadOnlyList<ColumnRecognition> Columns)
{
    public static ConceptRecognition Measure(ConceptClassifier classifier, WorldConcept prompted, IEnumerable<(int Epoch, IReadOnlyList<RgbaImage> Images)> columns) =>
        new(prompted, [.. columns
            .OrderBy(c => c.Epoch)
            .Select(c => new ColumnRecognition(c.Epoch, [.. classifier.Predict(c.Images).Select(p => p.Concept)], prompted))]);

    /// <summary>
    /// The first checkpoint (epoch above 0) from which the concept is lost in every later checkpoint too;
    /// null when the last checkpoint still shows it.
    /// </summary>
    public int? LostEpoch
    {
        get
        {
            int? lost = null;
            foreach (ColumnRecognition column in Columns.Where(c => c.Epoch > 0).OrderByDescending(c => c.Epoch))
            {
                if (!column.Lost)
                {
                    break;
                }
                lost = column.Epoch;
            }
            return lost;
        }
    }
}
