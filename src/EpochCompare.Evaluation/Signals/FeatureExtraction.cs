using EpochCompare.Evaluation.Features;
using EpochCompare.Evaluation.Preprocessing;
using EpochCompare.Imaging;

namespace EpochCompare.Evaluation.Signals;

/// <summary>Computes features for many images in parallel; results keep the input order, so output is thread-count independent.</summary>
public static class FeatureExtraction
{
    public static ImageFeatures[] Compute(IReadOnlyList<RgbaImage> images, Action<int>? onImageDone = null)
    {
        ArgumentNullException.ThrowIfNull(images);
        var results = new ImageFeatures[images.Count];
        int done = 0;
        Parallel.For(0, images.Count, i =>
        {
            results[i] = ImageFeatures.Compute(AnalysisCanvas.Prepare(images[i]));
            onImageDone?.Invoke(Interlocked.Increment(ref done));
        });
        return results;
    }
}
