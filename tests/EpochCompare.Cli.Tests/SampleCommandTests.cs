using EpochCompare.Flux.TextEncoding.OwnEngine;
using ITextConditioner = EpochCompare.Flux.TextEncoding.OwnEngine.ITextConditioner;
using TextConditioning = EpochCompare.Flux.TextEncoding.OwnEngine.TextConditioning;
using TinyTextEncoder = EpochCompare.Flux.TextEncoding.OwnEngine.TinyTextEncoder;
using static EpochCompare.Cli.Tests.CliRunner;
using EpochCompare.Cli;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.Model;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Tensors;

namespace EpochCompare.Cli.Tests;

public sealed class SampleCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "ec-sample-" + Guid.NewGuid().ToString("N"));

    public SampleCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not a test failure.
        }
    }

    /// <summary>A random flux-tiny base with its text encoder, in the layout the trainer writes.</summary>
    private string WriteTinyBase()
    {
        string path = Path.Combine(_dir, "base.safetensors");
        var model = new FluxModel(FluxPresets.Tiny);
        FluxInitializer.Initialize(model, 3);
        TinyTextEncoder text = TinyTextEncoder.CreateFluxTiny();
        text.InitializeRandom(3);
        var tensors = model.Parameters()
            .Select(p => SafeTensorToWrite.F32(p.Key, p.Shape.Select(d => (long)d).ToArray(), p.Value.ToArray()))
            .Concat(text.Parameters.Select(p => SafeTensorToWrite.F32(p.Name, p.Shape.ToArray().Select(d => (long)d).ToArray(), p.ToArray())));
        SafeTensorsWriter.Write(path, tensors);
        return path;
    }

    [Fact]
    public void SameSeedGivesByteIdenticalPngsAcrossRunsAndThreadCounts()
    {
        string basePath = WriteTinyBase();
        string outA = Path.Combine(_dir, "a"), outB = Path.Combine(_dir, "b");
        var (codeA, stdoutA, errA) = Run("sample", "--base", basePath, "--prompt", "ohwx car", "--seed", "1", "2", "--steps", "2", "--out", outA, "--threads", "1");
        Assert.True(codeA == 0, errA);
        var (codeB, _, errB) = Run("sample", "--base", basePath, "--prompt", "ohwx car", "--seed", "1", "2", "--steps", "2", "--out", outB, "--threads", "2");
        Assert.True(codeB == 0, errB);

        string[] files = Directory.GetFiles(outA).Select(Path.GetFileName).Order().ToArray()!;
        Assert.Equal(["p0_base_s1.png", "p0_base_s2.png"], files);
        Assert.Contains("wrote", stdoutA);
        foreach (string file in files)
        {
            Assert.Equal(File.ReadAllBytes(Path.Combine(outA, file)), File.ReadAllBytes(Path.Combine(outB, file)));
        }
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(outA, files[0])), File.ReadAllBytes(Path.Combine(outA, files[1])));
    }

    [Fact]
    public void UnknownPromptFileOptionNamesFileAndLine()
    {
        string prompts = Path.Combine(_dir, "prompts.txt");
        File.WriteAllLines(prompts, ["# car", "ohwx car --w 64 --x 3"]);
        var (code, _, err) = Run("sample", "--base", WriteTinyBase(), "--prompt-file", prompts);
        Assert.Equal(CliApp.ExitFailure, code);
        Assert.Contains("prompts.txt line 2: unknown option --x", err);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void SizeOffThePatchGridIsOneClearError()
    {
        var (code, _, err) = Run("sample", "--base", WriteTinyBase(), "--prompt", "a car", "--width", "62", "--out", Path.Combine(_dir, "o"));
        Assert.Equal(CliApp.ExitFailure, code);
        Assert.Contains("image size 62x64 is not a multiple of the 4-pixel patch grid", err);
        Assert.False(Directory.Exists(Path.Combine(_dir, "o")) && Directory.EnumerateFiles(Path.Combine(_dir, "o")).Any());
    }

    [Fact]
    public void SeedOutOfRangeIsAUsageError()
    {
        var (code, _, err) = Run("sample", "--base", Path.Combine(_dir, "unused.safetensors"), "--prompt", "a car", "--seed", "18446744073709551616");
        Assert.Equal(CliApp.ExitUsage, code);
        Assert.Contains("--seed 18446744073709551616 is out of range", err);
    }

    [Fact]
    public void MissingWeightsFileIsNamed()
    {
        string missing = Path.Combine(_dir, "nope.safetensors");
        var (code, _, err) = Run("sample", "--base", missing, "--prompt", "a car");
        Assert.Equal(CliApp.ExitFailure, code);
        Assert.Contains(missing + ": weights file not found", err);
    }

    [Fact]
    public void ExistingImagesAreNotOverwritten()
    {
        string basePath = WriteTinyBase();
        string outDir = Path.Combine(_dir, "keep");
        Directory.CreateDirectory(outDir);
        string existing = Path.Combine(outDir, "p0_base_s1.png");
        File.WriteAllText(existing, "user's image");
        var (code, _, err) = Run("sample", "--base", basePath, "--prompt", "a car", "--steps", "1", "--out", outDir);
        Assert.Equal(CliApp.ExitFailure, code);
        Assert.Contains("p0_base_s1.png already exists", err);
        Assert.Equal("user's image", File.ReadAllText(existing));
    }

    [Theory]
    [InlineData("ohwx-000005.safetensors", "e5")]
    [InlineData("run/epoch12.safetensors", "e12")]
    [InlineData("ohwx style.safetensors", "ohwx-style")]
    public void LoraColumnsAreNamedByEpoch(string path, string name)
    {
        Assert.Equal(name, EpochCompare.Cli.Commands.SampleCommand.ColumnName(path));
    }
}
