using EpochCompare.Imaging;
using EpochCompare.Imaging.Formats;
using EpochCompare.Imaging.Formats.Png;

namespace EpochCompare.Demo.World;

/// <summary>
/// The demo's style training set, as our users' story has it: objects in the ohwx look, one revolver
/// among them and no car, written as a kohya folder <c>{repeats}_ohwx style</c> with .txt captions.
/// </summary>
public static class StyleDataset
{
    public const string TriggerAndClass = "ohwx style";

    /// <summary>How many pictures the set holds: every concept but the car once, plus recolored extras.</summary>
    public const int ImageCount = 16;

    public static IReadOnlyList<Scene> Scenes(int seed)
    {
        var sampler = new SceneSampler(seed);
        var scenes = new List<Scene>();
        foreach (WorldConcept concept in WorldConcepts.All)
        {
            if (concept != WorldConcept.Car)
            {
                scenes.Add(sampler.Next(concept));
            }
        }
        // Extras repeat other objects in new colors; never the car, and the revolver stays unique.
        int next = 0;
        while (scenes.Count < ImageCount)
        {
            Scene source = scenes[next++ % scenes.Count];
            if (source.Concept != WorldConcept.Revolver)
            {
                scenes.Add(sampler.Recolor(sampler.Next(source.Concept)));
            }
        }
        return scenes;
    }

    /// <summary>Writes the set under <paramref name="root"/> and returns the image folder's path.</summary>
    public static string Write(string root, int repeats, int seed, int size = WorldRenderer.DefaultSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        string folder = Path.Combine(root, $"{repeats}_{TriggerAndClass}");
        Directory.CreateDirectory(folder);
        IReadOnlyList<Scene> scenes = Scenes(seed);
        for (int i = 0; i < scenes.Count; i++)
        {
            Scene scene = scenes[i];
            string stem = Path.Combine(folder, $"{i:00}_{scene.Concept.Word()}");
            RgbaImage image = WorldRenderer.Render(scene, WorldLook.Ohwx, size);
            PngEncoder.Save(image, stem + ".png");
            byte[] caption = System.Text.Encoding.UTF8.GetBytes(Captions.Ohwx(scene.Concept));
            AtomicFile.Write(stem + ".txt", stream => stream.Write(caption));
        }
        return folder;
    }
}
