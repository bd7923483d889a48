using EpochCompare.Imaging;
using EpochCompare.Imaging.Formats;
using EpochCompare.Imaging.Formats.Png;

namespace EpochCompare.Demo.World;

/// <summary>
/// The world the base model learns: every concept in the plain look, in many colors, sizes, positions and
/// backgrounds, captioned in the varied ways of <see cref="Captions.Plain"/>, as one kohya folder
/// <c>1_plain world</c> with .txt captions.
/// </summary>
public static class PlainWorldDataset
{
    public const string FolderName = "1_plain world";

    /// <summary>The scenes and captions, concepts interleaved so any prefix of the set is balanced.</summary>
    public static IEnumerable<(Scene Scene, string Caption)> Items(int imagesPerConcept, int seed)
    {
        var sampler = new SceneSampler(seed);
        for (int i = 0; i < imagesPerConcept; i++)
        {
            foreach (WorldConcept concept in WorldConcepts.All)
            {
                Scene scene = sampler.Next(concept);
                yield return (scene, Captions.Plain(scene, sampler.NextInt(Captions.PlainVariants), sampler));
            }
        }
    }

    /// <summary>Writes the set under <paramref name="root"/> and returns the folder.</summary>
    public static string Write(string root, int imagesPerConcept, int seed, int size = WorldRenderer.DefaultSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(imagesPerConcept, 1);
        string folder = Path.Combine(root, FolderName);
        Directory.CreateDirectory(folder);
        int index = 0;
        foreach (var (scene, caption) in Items(imagesPerConcept, seed))
        {
            string stem = Path.Combine(folder, $"{index++:00000}_{scene.Concept.Word()}");
            byte[] text = System.Text.Encoding.UTF8.GetBytes(caption);
            AtomicFile.Write(stem + ".txt", stream => stream.Write(text));
            RgbaImage image = WorldRenderer.Render(scene, WorldLook.Plain, size);
            PngEncoder.Save(image, stem + ".png");
        }
        return folder;
    }
}
