using EpochCompare.Evaluation.Signals;
using EpochCompare.Imaging;

namespace EpochCompare.Evaluation.Tests.Signals;

/// <summary>
/// Seed diversity is judged against the base column, unless the training images are themselves less
/// diverse: a LoRA whose seeds are as alike as its data has learned the data, not collapsed.
/// </summary>
public sealed class DiversityReferenceTests
{
    private static readonly int[] Epochs = [0, 10, 20, 30];

    private static EvaluationResult Run(bool withTraining)
    {
        var cells = new List<SampleCell>();
        foreach (int epoch in Epochs)
        {
            for (int seed = 1; seed <= 4; seed++)
            {
                // Base: four unrelated scenes. Checkpoints: four light variations of one new scene.
                RgbaImage image = epoch == 0
                    ? SyntheticImages.Scene(1000 + seed)
                    : SyntheticImages.AddNoise(SyntheticImages.Scene(6000), epoch * 7 + seed, 6);
                cells.Add(new SampleCell("p", epoch, seed, image, $"e{epoch}_s{seed}.png"));
            }
        }
        // A uniform training set: four light variations of one scene (not the one the samples show).
        IReadOnlyList<TrainingImage> training = withTraining
            ? [.. Enumerable.Range(1, 4).Select(i => new TrainingImage($"t{i}.png", SyntheticImages.AddNoise(SyntheticImages.Scene(5000), i, 6)))]
            : [];
        return EpochEvaluator.Evaluate(cells, training, new Dictionary<string, PromptRole>());
    }

    [Fact]
    public void WithoutTrainingDataUniformSeedsAreACollapseAgainstTheBase()
    {
        EvaluationResult result = Run(withTraining: false);
        Assert.All(result.Summaries.Where(s => s.Epoch > 0), s => Assert.True(s.Flags.Collapsed, $"epoch {s.Epoch}: vendi ratio {s.VendiRatio}"));
    }

    [Fact]
    public void SeedsAsAlikeAsAUniformTrainingSetAreNotACollapse()
    {
        EvaluationResult result = Run(withTraining: true);
        Assert.All(result.Summaries.Where(s => s.Epoch > 0), s => Assert.False(s.Flags.Collapsed, $"epoch {s.Epoch}: vendi ratio {s.VendiRatio}"));
        double? trainingVendi = ColumnDiversity.TrainingVendi(result.Training, 4);
        Assert.NotNull(trainingVendi);
        Assert.InRange(trainingVendi!.Value, 1.0, 2.0);
    }
}
