using EpochCompare.Demo.World;
using EpochCompare.Imaging;

namespace EpochCompare.Demo.Tests.World;

public class WorldRendererTests
{
    public static TheoryData<WorldConcept, WorldLook> EveryConceptAndLook()
    {
        var data = new TheoryData<WorldConcept, WorldLook>();
        foreach (WorldConcept concept in WorldConcepts.All)
        {
            data.Add(concept, WorldLook.Plain);
            data.Add(concept, WorldLook.Ohwx);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryConceptAndLook))]
    public void TheObjectFillsAReasonableShareOfTheImage(WorldConcept concept, WorldLook look)
    {
        Scene scene = new SceneSampler(3).Next(concept);
        RgbaImage image = WorldRenderer.Render(scene, look);
        Rgba32 background = look == WorldLook.Ohwx ? Rgba32.White : scene.Background.Value;
        double share = ObjectShare(image, background);
        Assert.InRange(share, 0.04, 0.7);
        Assert.Equal(background, image[0, 0]);
    }

    [Fact]
    public void RenderingIsDeterministicAndSeedsDiffer()
    {
        Scene a1 = new SceneSampler(11).Next();
        Scene a2 = new SceneSampler(11).Next();
        Assert.Equal(a1, a2);
        Assert.Equal(WorldRenderer.Render(a1, WorldLook.Ohwx).Pixels, WorldRenderer.Render(a2, WorldLook.Ohwx).Pixels);

        var sampler = new SceneSampler(11);
        var distinct = Enumerable.Range(0, 8).Select(_ => sampler.Next()).Distinct().Count();
        Assert.Equal(8, distinct);
    }

    [Fact]
    public void TheTwoLooksOfOneSceneDiffer()
    {
        Scene scene = new SceneSampler(5).Next(WorldConcept.Cup);
        byte[] plain = WorldRenderer.Render(scene, WorldLook.Plain).Pixels;
        byte[] ohwx = WorldRenderer.Render(scene, WorldLook.Ohwx).Pixels;
        double meanAbs = plain.Zip(ohwx, (p, o) => Math.Abs(p - o)).Average();
        Assert.True(meanAbs > 20, $"mean absolute difference {meanAbs:F1} is too small for two distinct looks");
    }

    [Fact]
    public void ScenesScaleWithTheImage()
    {
        Scene scene = new SceneSampler(9).Next(WorldConcept.House);
        double small = ObjectShare(WorldRenderer.Render(scene, WorldLook.Plain, 32), scene.Background.Value);
        double large = ObjectShare(WorldRenderer.Render(scene, WorldLook.Plain, 128), scene.Background.Value);
        // The object covers the same fraction of the picture at any size (edges blur the small one a little).
        Assert.InRange(small / large, 0.9, 1.15);
    }

    private static double ObjectShare(RgbaImage image, Rgba32 background)
    {
        int differing = 0;
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                if (image[x, y] != background)
                {
                    differing++;
                }
            }
        }
        return differing / (double)(image.Width * image.Height);
    }

    [Fact]
    public void CaptionsNameTheObjectAndUseOnlyVocabularyWords()
    {
        var sampler = new SceneSampler(1);
        foreach (WorldConcept concept in WorldConcepts.All)
        {
            Scene scene = sampler.Next(concept);
            for (int variant = 0; variant < Captions.PlainVariants; variant++)
            {
                string caption = Captions.Plain(scene, variant, sampler);
                string[] words = caption.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
                Assert.Contains(concept.Word(), words);
                Assert.All(words, word => Assert.Contains(word, Captions.Vocabulary));
                Assert.All(words, word => Assert.Contains(word, EpochCompare.Flux.TextEncoding.TinyVocabulary.Words));
            }
        }
        Assert.Equal(
            "ohwx revolver, stylized 3D render with a playful, cartoon aesthetic, featuring smooth, glossy surfaces and soft, rounded shapes.",
            Captions.Ohwx(WorldConcept.Revolver));
        Assert.Equal(WorldConcept.Lamp, WorldConcepts.Parse(" Lamp "));
        Assert.Throws<ArgumentException>(() => WorldConcepts.Parse("dragon"));
    }
}
