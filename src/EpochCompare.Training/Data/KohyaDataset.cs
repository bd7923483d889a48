using System.Security.Cryptography;
using System.Text;

namespace EpochCompare.Training.Data;

/// <summary>
/// A loaded kohya dataset: the images with captions and repeats, their pixels cached in memory as
/// (3, H, W) planes in [-1, 1], and a hash that changes when any image, caption or repeat count does.
/// </summary>
public sealed class KohyaDataset
{
    private readonly float[][] _planes;

    private KohyaDataset(DatasetOptions options, IReadOnlyList<DatasetImage> images, float[][] planes, string hash)
    {
        Options = options;
        Images = images;
        _planes = planes;
        Hash = hash;
    }

    public DatasetOptions Options { get; }
    public IReadOnlyList<DatasetImage> Images { get; }
    public int Width => Options.Width;
    public int Height => Options.Height;

    /// <summary>sha256 (hex) over each image's folder, file name, repeats, caption and file bytes.</summary>
    public string Hash { get; }

    /// <summary>Samples per epoch: sum of images x repeats.</summary>
    public long SamplesPerEpoch => Images.Sum(i => (long)i.Repeats);

    public ReadOnlySpan<float> Planes(int image) => _planes[image];

    public static KohyaDataset Load(DatasetOptions options, Action<string> warn, TrainingImageLoader? loader = null)
    {
        if (options.Width < 1 || options.Height < 1)
        {
            throw new ArgumentException($"Training resolution must be positive, got {options.Width}x{options.Height}.");
        }
        loader ??= TrainingImageLoader.Default;
        var found = DatasetScanner.Scan(options, warn);
        var images = new List<DatasetImage>();
        var planes = new List<float[]>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (DatasetImage image in found)
        {
            float[] pixels;
            try
            {
                pixels = loader.Load(image.ImagePath, options.Width, options.Height);
            }
            catch (DatasetException problem)
            {
                DatasetScanner.Report(options, warn, problem);
                continue;
            }
            images.Add(image);
            planes.Add(pixels);
            hash.AppendData(Encoding.UTF8.GetBytes($"{image.Folder}\n{Path.GetFileName(image.ImagePath)}\n{image.Repeats}\n{image.Caption}\n"));
            hash.AppendData(SHA256.HashData(File.ReadAllBytes(image.ImagePath)));
        }
        if (images.Count == 0)
        {
            throw new DatasetException(options.Root, "no usable training images");
        }
        return new KohyaDataset(options, images, [.. planes], Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>Per folder: (folder name, images, repeats), in folder order.</summary>
    public IReadOnlyList<(string Folder, int Images, int Repeats)> Folders() =>
        Images.GroupBy(i => i.Folder).Select(g => (g.Key, g.Count(), g.First().Repeats)).ToList();
}
