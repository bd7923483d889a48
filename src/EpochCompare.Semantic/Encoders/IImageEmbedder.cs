using EpochCompare.Semantic.Preprocessing;

namespace EpochCompare.Semantic.Encoders;

/// <summary>An image encoder with its preprocessing: images in, one vector per image out.</summary>
public interface IImageEmbedder
{
    /// <summary>Identifies weights + preprocessing, so cached vectors are only reused for the same encoder.</summary>
    string Fingerprint { get; }

    IReadOnlyList<float[]> Embed(IReadOnlyList<RgbPixels> images);
}
