using EpochCompare.Evaluation.Signals;
using EpochCompare.Imaging;

namespace EpochCompare.Evaluation.Tests.Signals;

/// <summary>
/// "Fried" means more saturated / clipped / noisy than the base AND than the training data: a LoRA whose
/// samples look like its own (already saturated) training images has learned their look.
/// </summary>
public sealed class FriedTrainingLookTests
{
    private static readonly RgbaImage[] Base = [.. Enumerable.Range(0, 4).Select(i => SyntheticImages.Scene(300 + i))];

    private static EvaluationResult Run(IReadOnlyList<TrainingImage> training)
    {
        var cells = new List<SampleCell>();
        for (int s = 0; s < 4; s++)
        {
            cells.Add(new SampleCell("p", 0, s + 1, Base[s], $"e0_s{s + 1}.png"));
            cells.Add(new SampleCell("p", 10, s + 1, SyntheticImages.Fry(Base[s], s), $"e10_s{s + 1}.png"));
        }
        return EpochEvaluator.Evaluate(cells, training, new Dictionary<string, PromptRole>());
    }

    [Fact]
    public void SaturatedSamplesAreFriedAgainstPlainTrainingImages()
    {
        var plain = Enumerable.Range(0, 4).Select(i => new TrainingImage($"t{i}.png", SyntheticImages.Scene(400 + i))).ToList();
        EvaluationResult result = Run(plain);
        Assert.All(result.Signals.Where(s => s.Epoch == 10), s => Assert.True(s.Fried));
    }

    [Fact]
    public void SaturatedSamplesAreNotFriedWhenTheTrainingImagesLookTheSame()
    {
        var saturated = Enumerable.Range(0, 4).Select(i => new TrainingImage($"t{i}.png", SyntheticImages.Fry(SyntheticImages.Scene(400 + i), 10 + i))).ToList();
        EvaluationResult result = Run(saturated);
        Assert.All(result.Signals.Where(s => s.Epoch == 10), s => Assert.False(s.Fried));
        Assert.NotNull(result.References.Fried.TrainingMedians);
    }
}
