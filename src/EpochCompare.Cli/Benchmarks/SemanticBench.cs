using System.Diagnostics;
using EpochCompare.Flux.TextEncoders.Clip;
using EpochCompare.Semantic.Clip;
using EpochCompare.Semantic.Dinov2;
using EpochCompare.Semantic.Encoders;
using EpochCompare.Semantic.Preprocessing;
using static TorchSharp.torch;

namespace EpochCompare.Cli.Benchmarks;

/// <summary>
/// Images per second of the semantic encoders in the real shapes (CLIP ViT-L/14, DINOv2-B/14; random
/// weights), batch 8, preprocessing included, and what that adds to a 40-checkpoint x 4-seed x
/// 2-prompt metrics run (computed from the per-image rates). Opt-in: ViT-L holds 1.7 GB.
/// </summary>
internal sealed class SemanticBench : IBenchSection
{
    private const int Batch = 8;

    public string Name => "semantic";

    public string Description => "CLIP ViT-L/14 and DINOv2-B/14 images/s (random weights, batch 8, on --device) and the time metrics adds";

    public bool RunsByDefault(BenchSettings settings) => false;

    public void Run(BenchContext context)
    {
        set_num_threads(context.Settings.Threads);
        Device device = context.Settings.Device.Resolve();
        var images = Enumerable.Range(0, Batch).Select(Synthetic).ToList();
        double clipRate, dinoRate;
        using (var clip = Built(context, "clip_vit_l14", () => ClipEmbedder.Random(ClipVisionConfig.VitL14, ClipTextConfig.ClipL, 768, device, Batch), e => e.ParameterCount))
        {
            clipRate = Rate(context, "clip_vit_l14", () => clip.Embed(images));
        }
        using (var dino = Built(context, "dinov2_b14", () => Dinov2Embedder.Random(Dinov2Config.Base, device, Batch), e => e.ParameterCount))
        {
            dinoRate = Rate(context, "dinov2_b14", () => dino.Embed(images));
        }
        // 40 checkpoints + the base column, 4 seeds, 2 prompts; DINOv2 also encodes the training images (20 assumed).
        int samples = (40 + 1) * 4 * 2, training = 20;
        double added = samples / clipRate + (samples + training) / dinoRate;
        context.Report("semantic_metrics_40x4x2_s", added,
            $"metrics adds {added:F0} s for 40 checkpoints x 4 seeds x 2 prompts ({samples} images through CLIP, {samples + training} through DINOv2 incl. 20 training images; from the rates above; cached images cost nothing on re-runs)");
    }

    /// <summary>Builds an encoder and reports its fp32 weight bytes and the RSS after building; the peak then restarts for <see cref="Rate"/>.</summary>
    private static T Built<T>(BenchContext context, string key, Func<T> build, Func<T, long> parameters)
    {
        double before = PeakMemory.CurrentGiB();
        T embedder = build();
        double weights = parameters(embedder) * 4.0 / (1024 * 1024 * 1024);
        double built = PeakMemory.CurrentGiB();
        context.Report($"{key}_weights_gib", weights, $"{key}: {parameters(embedder) / 1e6:F1} M parameters, {weights:F2} GiB fp32");
        context.Report($"{key}_rss_built_gib", built, $"{key}: RSS {before:F2} GiB before building, {built:F2} GiB built");
        PeakMemory.Reset();
        return embedder;
    }

    private static double Rate(BenchContext context, string key, Action run)
    {
        run();
        int runs = context.Settings.Quick ? 1 : 3;
        var seconds = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            long start = Stopwatch.GetTimestamp();
            run();
            seconds[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Array.Sort(seconds);
        double rate = Batch / seconds[runs / 2];
        context.Report($"{key}_images_per_s", rate, $"{key}: {rate:F2} images/s (median of {runs} batches of {Batch}, best {Batch / seconds[0]:F2})");
        double peak = PeakMemory.PeakGiB();
        context.Report($"{key}_peak_rss_gib", peak, $"{key}: peak RSS {peak:F2} GiB while embedding (warm-up and timed batches)");
        return rate;
    }

    /// <summary>A 640x480 gradient with a disc: the preprocessing does its real resize and crop.</summary>
    private static RgbPixels Synthetic(int seed)
    {
        const int w = 640, h = 480;
        var rgb = new byte[w * h * 3];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                int i = (y * w + x) * 3;
                bool disc = (x - 200 - seed * 20) * (x - 200 - seed * 20) + (y - 240) * (y - 240) < 10000;
                rgb[i] = (byte)(disc ? 220 : x * 255 / w);
                rgb[i + 1] = (byte)(y * 255 / h);
                rgb[i + 2] = (byte)(seed * 30);
            }
        }
        return new RgbPixels(w, h, rgb);
    }
}
