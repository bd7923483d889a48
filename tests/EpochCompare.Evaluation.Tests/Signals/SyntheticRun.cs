using EpochCompare.Evaluation.Signals;
using EpochCompare.Imaging;

namespace EpochCompare.Evaluation.Tests.Signals;

/// <summary>
/// A whole synthetic training run, no model: a target prompt that drifts toward a new look by epoch
/// 100 and stays there, and a probe prompt that keeps its base images until epoch 175, where its
/// images turn into the target's same-seed images (the revolver-becomes-car failure). Epoch 50 has a
/// one-checkpoint majority blip on the probe and epoch 100 a single-seed blip; neither persists.
/// </summary>
internal static class SyntheticRun
{
    public const string Target = "target-prompt";
    public const string Probe = "probe-prompt";
    public static readonly int[] Epochs = [0, 25, 50, 75, 100, 125, 150, 175, 200, 225, 250];
    public const int Seeds = 4;

    public static readonly Lazy<EvaluationResult> Result = new(Evaluate);

    public static RgbaImage TargetImage(int epoch, int seed)
    {
        double w = 0.85 * Math.Min(1, epoch / 100.0);
        var look = SyntheticImages.Scene(9000 + seed);
        return SyntheticImages.AddNoise(Blend(SyntheticImages.Scene(1000 + seed), look, w), epoch * 31 + seed, 2);
    }

    public static RgbaImage ProbeImage(int epoch, int seed)
    {
        bool blip = (epoch == 50 && seed <= 3) || (epoch == 100 && seed == 1);
        var own = SyntheticImages.Scene(2000 + seed);
        if (epoch >= 175 || blip)
        {
            return Blend(own, TargetImage(epoch, seed), 0.92);
        }
        return SyntheticImages.AddNoise(own, epoch * 17 + seed, 2);
    }

    private static EvaluationResult Evaluate()
    {
        var cells = new List<SampleCell>();
        foreach (int e in Epochs)
        {
            for (int s = 1; s <= Seeds; s++)
            {
                cells.Add(new SampleCell(Target, e, s, TargetImage(e, s), $"{Target}/e{e}_s{s}.png"));
                cells.Add(new SampleCell(Probe, e, s, ProbeImage(e, s), $"{Probe}/e{e}_s{s}.png"));
            }
        }
        // Training images of other scenes: the target adopts a new look without copying any of them.
        var training = Enumerable.Range(1, 4).Select(s => new TrainingImage($"train{s}.png", SyntheticImages.Scene(7000 + s))).ToList();
        var roles = new Dictionary<string, PromptRole> { [Probe] = PromptRole.Probe };
        return EpochEvaluator.Evaluate(cells, training, roles, new EvaluationOptions { RunId = "synthetic" });
    }

    public static RgbaImage Blend(RgbaImage a, RgbaImage b, double t)
    {
        var image = new RgbaImage(a.Width, a.Height);
        for (int i = 0; i < image.Pixels.Length; i++)
        {
            image.Pixels[i] = (byte)Math.Round(a.Pixels[i] * (1 - t) + b.Pixels[i] * t);
        }
        return image;
    }
}
