using EpochCompare.Flux.Sampling;

namespace EpochCompare.Flux.Tests.Sampling;

public class SamplePromptFileTests
{
    [Fact]
    public void ParsesEveryKohyaOption()
    {
        SamplePrompt prompt = SamplePromptFile.ParseLine(
            "ohwx car, glossy --n blurry, ugly --w 64 --h 96 --d 5000000000 --s 20 --l 3.5 --g 2.5", "p.txt", 1);

        Assert.Equal(new SamplePrompt("ohwx car, glossy", "blurry, ugly", 64, 96, 5000000000UL, 20, 3.5, 2.5), prompt);
    }

    [Fact]
    public void AiToolkitSpellingsMeanTheKohyaOptionsAndOtherTrainersOptionsAreIgnored()
    {
        SamplePrompt aiToolkit = SamplePromptFile.ParseLine("ohwx car --seed 42 --steps 28 --cfg 4 --m 0.8 --network_multiplier 1 --p2 x --n2 y --gr 0.5", "p.txt", 1);
        Assert.Equal(new SamplePrompt("ohwx car", Seed: 42, Steps: 28, Guidance: 4), aiToolkit);

        SamplePrompt kohya = SamplePromptFile.ParseLine("ohwx car --ss euler_a --cn cn.png --ctr 0.25 --rcfg 1 --fs 3 --d 7", "p.txt", 1);
        Assert.Equal(new SamplePrompt("ohwx car", Seed: 7), kohya);
    }

    [Fact]
    public void SkipsCommentsAndBlankLinesAndLeavesMissingOptionsUnset()
    {
        IReadOnlyList<SamplePrompt> prompts = SamplePromptFile.Parse(["# a comment", "", "  a red car  ", "a blue car --scale 4"], "p.txt");

        Assert.Equal(2, prompts.Count);
        Assert.Equal(new SamplePrompt("a red car"), prompts[0]);
        Assert.Equal(4.0, prompts[1].CfgScale);
    }

    [Fact]
    public void UnknownOptionNamesFileLineAndOption()
    {
        var ex = Assert.Throws<InvalidDataException>(() => SamplePromptFile.Parse(["# x", "a car --w 64 --q 3"], "car.txt"));
        Assert.Equal("car.txt line 2: unknown option --q (known: --n --w --h --d/--seed --s/--steps --l --g/--cfg)", ex.Message);
    }

    [Theory]
    [InlineData("a car --w -64", "--w needs a positive whole number, got '-64'")]
    [InlineData("a car --s", "--s needs a positive whole number, got ''")]
    [InlineData("a car --d 18446744073709551616", "--d needs a seed from 0 to 18446744073709551615")]
    [InlineData("a car --g fast", "--g needs a number, got 'fast'")]
    public void MalformedValuesAreRejected(string line, string message)
    {
        var ex = Assert.Throws<InvalidDataException>(() => SamplePromptFile.Parse([line], "p.txt"));
        Assert.Contains("p.txt line 1: " + message, ex.Message);
    }

    [Fact]
    public void ShippedPromptFilesHoldTheStoryPrompts()
    {
        string root = FindRepositoryRoot();
        foreach (string subject in new[] { "car", "revolver" })
        {
            IReadOnlyList<SamplePrompt> prompts = SamplePromptFile.Read(Path.Combine(root, "prompts", subject + ".txt"));
            Assert.Equal(
                $"ohwx {subject}, stylized 3D render with a playful, cartoon aesthetic, featuring smooth, glossy surfaces and soft, rounded shapes.",
                Assert.Single(prompts).Prompt);
        }
    }

    [Fact]
    public void MissingFileIsNamed()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => SamplePromptFile.Read("/nonexistent/prompts.txt"));
        Assert.Contains("/nonexistent/prompts.txt", ex.Message);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EpochCompare.sln")))
            {
                return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("EpochCompare.sln not found above the test assembly");
    }
}
