using static TorchSharp.torch;

namespace EpochCompare.Semantic.Preprocessing;

/// <summary>
/// The evaluation transform of a ViT encoder: bicubic resize of the short side (Pillow), centre crop,
/// divide by 255, per-channel (v - mean) / std in float32. Crop offsets round half to even as
/// torchvision's <c>CenterCrop</c> does (the original OpenAI and Meta pipelines), not floor as
/// transformers' image processors do.
/// </summary>
public sealed record VitPreprocessing(int ShortSide, int Crop, float[] Mean, float[] Std)
{
    /// <summary>OpenAI CLIP <c>_transform(224)</c>.</summary>
    public static VitPreprocessing Clip(int size = 224) =>
        new(size, size, [0.48145466f, 0.4578275f, 0.40821073f], [0.26862954f, 0.26130258f, 0.27577711f]);

    /// <summary>DINOv2 <c>make_classification_eval_transform()</c>: resize 256, crop 224, ImageNet statistics.</summary>
    public static VitPreprocessing Dinov2(int resize = 256, int crop = 224) =>
        new(resize, crop, [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f]);

    /// <summary>A short name of these settings for cache keys and CSV versions.</summary>
    public string Version => $"pillow-bicubic{ShortSide}-crop{Crop}-half-even";

    /// <summary>Short side to <see cref="ShortSide"/>, long side <c>int(S * long / short)</c> (truncated, as torchvision).</summary>
    public RgbPixels ResizeShortSide(RgbPixels image)
    {
        (int width, int height) = image.Width <= image.Height
            ? (ShortSide, (int)((long)ShortSide * image.Height / image.Width))
            : ((int)((long)ShortSide * image.Width / image.Height), ShortSide);
        return PillowBicubic.Resize(image, width, height);
    }

    /// <summary>torchvision's offset: <c>round((size - crop) / 2)</c>, Python rounding (half to even).</summary>
    public static int CropOffset(int size, int crop) => (int)Math.Round((size - crop) / 2.0, MidpointRounding.ToEven);

    /// <summary>(3, Crop, Crop) channel-planar float32 values.</summary>
    public float[] PixelValues(RgbPixels image)
    {
        RgbPixels resized = ResizeShortSide(image);
        if (resized.Width < Crop || resized.Height < Crop)
        {
            throw new ArgumentException($"image {image.Width}x{image.Height} resizes to {resized.Width}x{resized.Height}, smaller than the {Crop} crop");
        }
        int top = CropOffset(resized.Height, Crop);
        int left = CropOffset(resized.Width, Crop);
        int plane = Crop * Crop;
        var values = new float[3 * plane];
        for (int y = 0; y < Crop; y++)
        {
            int row = ((top + y) * resized.Width + left) * 3;
            for (int x = 0; x < Crop; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    float v = resized.Rgb[row + x * 3 + c] / 255f;
                    values[c * plane + y * Crop + x] = (v - Mean[c]) / Std[c];
                }
            }
        }
        return values;
    }

    /// <summary>A (B, 3, Crop, Crop) float32 batch on <paramref name="device"/>.</summary>
    public Tensor Batch(IReadOnlyList<RgbPixels> images, Device device)
    {
        int size = 3 * Crop * Crop;
        var all = new float[images.Count * size];
        Parallel.For(0, images.Count, i => PixelValues(images[i]).CopyTo(all, (long)i * size));
        return tensor(all, [images.Count, 3, Crop, Crop]).to(device);
    }
}
