using EpochCompare.Evaluation.Signals;
using EpochCompare.Imaging;

namespace EpochCompare.Evaluation.Tests.Signals;

/// <summary>
/// One small run: a base column of four scenes, then a checkpoint whose seeds are (1) a resized and
/// requantised training image, (2) a mirrored training image, (3) a fried copy of its base image,
/// (4) its base image unchanged.
/// </summary>
public class CopyAndQualityTests
{
    private static readonly RgbaImage[] Training = [.. Enumerable.Range(0, 4).Select(i => SyntheticImages.Scene(100 + i, 320))];
    private static readonly RgbaImage[] Base = [.. Enumerable.Range(0, 4).Select(i => SyntheticImages.Scene(200 + i))];

    private static readonly Lazy<EvaluationResult> WithFlips = new(() => Run(matchFlips: true));
    private static readonly Lazy<EvaluationResult> WithoutFlips = new(() => Run(matchFlips: false));

    private static EvaluationResult Run(bool matchFlips)
    {
        var cells = new List<SampleCell>();
        for (int s = 0; s < 4; s++)
        {
            cells.Add(new SampleCell("p", 0, s + 1, Base[s], $"p/e0_s{s + 1}.png"));
        }
        cells.Add(new SampleCell("p", 10, 1, SyntheticImages.Quantize(SyntheticImages.ResizeBox(Training[0], 200, 200), 12), "p/e10_s1.png"));
        cells.Add(new SampleCell("p", 10, 2, SyntheticImages.FlipHorizontal(Training[1]), "p/e10_s2.png"));
        cells.Add(new SampleCell("p", 10, 3, SyntheticImages.Fry(Base[2], 3), "p/e10_s3.png"));
        cells.Add(new SampleCell("p", 10, 4, Base[3], "p/e10_s4.png"));
        var training = Training.Select((t, i) => new TrainingImage($"t{i}.png", t)).ToList();
        return EpochEvaluator.Evaluate(cells, training, new Dictionary<string, PromptRole>(), new EvaluationOptions { MatchFlips = matchFlips });
    }

    private static SeedSignals Seed(EvaluationResult r, int seed) => r.Signals.Single(s => s.Epoch == 10 && s.Seed == seed);

    [Fact]
    public void IdenticalImageHasZeroDistanceToItsBase()
    {
        SeedSignals same = Seed(WithFlips.Value, 4);
        Assert.Equal(0, same.ToReference.Composite, 9);
        Assert.Equal(0, same.ToReference.PerceptualHash);
        Assert.Equal(1, same.ToReference.Ssim!.Value, 9);
        Assert.Equal(0, same.Adoption!.Value, 9);
    }

    [Fact]
    public void ResizedRequantisedTrainingImageIsANearDuplicate()
    {
        SeedSignals copy = Seed(WithFlips.Value, 1);
        Assert.True(copy.NearDuplicate);
        Assert.Equal("t0.png", copy.Nearest!.Variant.Id);
        Assert.True(copy.Nearest.PerceptualHashDistance <= 4, $"pHash {copy.Nearest.PerceptualHashDistance}");
        Assert.True(copy.CarliniRatio < 1, $"Carlini ratio {copy.CarliniRatio}");
        // The unrelated base images are not copies.
        Assert.All(WithFlips.Value.Signals.Where(s => s.Epoch == 0), s => Assert.False(s.NearDuplicate));
    }

    [Fact]
    public void MirroredCopyIsFoundOnlyWhenFlipsAreMatched()
    {
        SeedSignals withFlips = Seed(WithFlips.Value, 2);
        Assert.True(withFlips.NearDuplicate);
        Assert.True(withFlips.Nearest!.HashVariant.Flipped);
        Assert.Equal("train:t1.png(flip)", withFlips.Nearest.HashVariant.RefId);

        SeedSignals withoutFlips = Seed(WithoutFlips.Value, 2);
        Assert.False(withoutFlips.NearDuplicate);
        Assert.True(withoutFlips.Nearest!.PerceptualHashDistance > 10, $"pHash {withoutFlips.Nearest.PerceptualHashDistance}");
    }

    [Fact]
    public void SaturatedNoisyCopyIsFriedAndTheOthersAreNot()
    {
        var r = WithFlips.Value;
        Assert.True(Seed(r, 3).Fried, $"z = {string.Join(", ", Seed(r, 3).FriedZ.Select(z => z.ToString("0.0")))}");
        Assert.False(Seed(r, 4).Fried);
        Assert.All(r.Signals.Where(s => s.Epoch == 0), s => Assert.False(s.Fried));
    }
}
