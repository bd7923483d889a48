using EpochCompare.Training.Data;
using EpochCompare.Training.Noise;

namespace EpochCompare.Training.Loop;

/// <summary>
/// The pixels (B, 3, H, W) and captions of one micro-batch, with flip and caption dropout applied; which dataset
/// image each sample is and whether it was mirrored (what a latent cache is keyed by).
/// </summary>
public sealed record MicroBatch(float[] Pixels, IReadOnlyList<string> Captions, SampleRange Range, IReadOnlyList<int> Images, IReadOnlyList<bool> Flipped)
{
    public int Count => Range.Count;

    /// <summary>Flip and dropout are drawn per sample position, so they do not depend on the batch size.</summary>
    public static MicroBatch Build(KohyaDataset dataset, SampleOrder order, SampleRange range, ulong seed, bool flip, double captionDropout)
    {
        int size = 3 * dataset.Width * dataset.Height;
        var pixels = new float[range.Count * size];
        var captions = new string[range.Count];
        var images = new int[range.Count];
        var flipped = new bool[range.Count];
        for (int i = 0; i < range.Count; i++)
        {
            long position = range.Start + i;
            int image = order.ImageAt(position);
            images[i] = image;
            Span<float> target = pixels.AsSpan(i * size, size);
            if (flip && RandomStreams.Create(seed, RandomStreams.Purpose.Augmentation, position).NextDouble() < 0.5)
            {
                ImagePlanes.FlipHorizontal(dataset.Planes(image), target, dataset.Width);
                flipped[i] = true;
            }
            else
            {
                dataset.Planes(image).CopyTo(target);
            }
            bool drop = captionDropout > 0 && RandomStreams.Create(seed, RandomStreams.Purpose.CaptionDropout, position).NextDouble() < captionDropout;
            captions[i] = drop ? "" : dataset.Images[image].Caption;
        }
        return new MicroBatch(pixels, captions, range, images, flipped);
    }
}
