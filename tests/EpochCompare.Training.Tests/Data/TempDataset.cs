using EpochCompare.Imaging;
using EpochCompare.Imaging.Formats.Png;

namespace EpochCompare.Training.Tests.Data;

/// <summary>A kohya dataset folder in a fresh temp directory, deleted on dispose.</summary>
internal sealed class TempDataset : IDisposable
{
    public string Root { get; } = Path.Combine(Path.GetTempPath(), "ec-train-" + Guid.NewGuid().ToString("N"));

    public TempDataset() => Directory.CreateDirectory(Root);

    public string Folder(string name)
    {
        string path = Path.Combine(Root, name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Writes a PNG with a simple gradient so images differ by seed.</summary>
    public string Image(string folder, string name, int width, int height, int seed = 0, string? caption = null, string captionExtension = ".txt")
    {
        var image = new RgbaImage(width, height);
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                image[x, y] = new Rgba32((byte)(x * 16 + seed * 40), (byte)(y * 16), (byte)(seed * 70));
            }
        }
        string path = Save(folder, name, image);
        if (caption is not null)
        {
            File.WriteAllText(Path.ChangeExtension(path, captionExtension), caption + "\nsecond line ignored\n");
        }
        return path;
    }

    public string Save(string folder, string name, RgbaImage image)
    {
        string path = Path.Combine(Folder(folder), name);
        PngEncoder.Save(image, path);
        return path;
    }

    /// <summary>Copies a file (e.g. a JPEG fixture) into a dataset folder under <paramref name="name"/>.</summary>
    public string Copy(string folder, string name, string source)
    {
        string path = Path.Combine(Folder(folder), name);
        File.Copy(source, path);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
