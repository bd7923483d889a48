using static EpochCompare.Cli.Tests.CliRunner;
using EpochCompare.Cli;
using EpochCompare.Cli.Pipeline;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.Checkpoints;
using EpochCompare.Flux.Devices;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.TextEncoding;

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
        using FluxTinyBase model = FluxTinyBase.CreateRandom(3, ComputeDevice.Cpu);
        model.Save(path);
        return path;
    }

    /// <summary>
    /// Same seed and thread count: the same bytes. Another thread count runs too, but may move the last bits
    /// (LibTorch splits reductions by thread), so only its file list is held to the first run's.
    /// </summary>
    [Fact]
    public void SameSeedAndThreadCountGiveByteIdenticalPngs()
    {
        string basePath = WriteTinyBase();
        string outA = Path.Combine(_dir, "a"), outB = Path.Combine(_dir, "b"), outC = Path.Combine(_dir, "c");
        var (codeA, stdoutA, errA) = Run("sample", "--base", basePath, "--prompt", "ohwx car", "--seed", "1", "2", "--steps", "2", "--out", outA, "--threads", "2");
        Assert.True(codeA == 0, errA);
        var (codeB, _, errB) = Run("sample", "--base", basePath, "--prompt", "ohwx car", "--seed", "1", "2", "--steps", "2", "--out", outB, "--threads", "2");
        Assert.True(codeB == 0, errB);
        var (codeC, _, errC) = Run("sample", "--base", basePath, "--prompt", "ohwx car", "--seed", "1", "2", "--steps", "2", "--out", outC, "--threads", "1");
        Assert.True(codeC == 0, errC);

        string[] files = Directory.GetFiles(outA).Select(Path.GetFileName).Order().ToArray()!;
        Assert.Equal(["p0_base_s1.png", "p0_base_s2.png"], files);
        Assert.Equal(files, Directory.GetFiles(outC).Select(Path.GetFileName).Order().ToArray());
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
    [InlineData("ohwx-step00000500.safetensors", "step500")]
    [InlineData("ohwx_000000750.safetensors", "step750")]
    [InlineData("ohwx style.safetensors", "ohwx-style")]
    public void LoraColumnsAreNamedByEpochOrStep(string file, string name)
    {
        string path = Path.Combine(_dir, file);
        SafeTensorsWriter.Write(path, [SafeTensorToWrite.F32("x", [1], new float[] { 1 })]);
        Assert.Equal(name, LoraCheckpoints.Describe(path).ColumnName);
    }

    private static void WriteLora(string path, Dictionary<string, string>? metadata = null) =>
        SafeTensorsWriter.Write(path, [SafeTensorToWrite.F32("lora_unet_img_in.alpha", [], new float[] { 4 })], metadata);

    [Fact]
    public void AKohyaOutputFolderIsSampledInEpochOrderWithTheLastSaveAtItsSsEpoch()
    {
        string output = Path.Combine(_dir, "kohya-output");
        Directory.CreateDirectory(output);
        foreach (int epoch in new[] { 10, 2, 4 })
        {
            WriteLora(Path.Combine(output, $"ohwx-{epoch:D6}.safetensors"), new() { ["ss_epoch"] = $"{epoch}", ["ss_steps"] = $"{epoch * 100}" });
        }
        WriteLora(Path.Combine(output, "ohwx.safetensors"), new() { ["ss_epoch"] = "12", ["ss_steps"] = "1200" });
        WriteLora(Path.Combine(output, "ohwx-step00000300.safetensors"));
        WriteLora(Path.Combine(output, "ohwx-000004-state.safetensors"));
        Directory.CreateDirectory(Path.Combine(output, "ohwx-000004-state"));
        var notes = new List<string>();
        var found = LoraCheckpoints.InFolder(output, notes);
        Assert.Equal(["e2", "e4", "e10", "e12"], found.Select(c => c.ColumnName));
        Assert.EndsWith("ohwx.safetensors", found[^1].Path);
        Assert.Contains("1 step checkpoint(s) left out", Assert.Single(notes));
    }

    [Fact]
    public void AnAiToolkitRunFolderIsSampledInStepOrderWithTheLastSaveAtItsTrainingInfoStep()
    {
        string output = Path.Combine(_dir, "ait-output");
        Directory.CreateDirectory(output);
        foreach (int step in new[] { 1000, 250, 500 })
        {
            WriteLora(Path.Combine(output, $"ohwx_{step:D9}.safetensors"), new() { ["training_info"] = $"{{\"step\": {step}, \"epoch\": {step / 250}}}" });
        }
        WriteLora(Path.Combine(output, "ohwx.safetensors"), new() { ["training_info"] = "{\"step\": 1250, \"epoch\": 5}", ["ss_output_name"] = "ohwx" });
        File.WriteAllText(Path.Combine(output, "config.yaml"), "job: extension\n");
        var found = LoraCheckpoints.InFolder(output, []);
        Assert.Equal(["step250", "step500", "step1000", "step1250"], found.Select(c => c.ColumnName));
    }

    [Fact]
    public void AFolderCheckpointWithoutEpochOrStepIsNamed()
    {
        string output = Path.Combine(_dir, "unknown");
        Directory.CreateDirectory(output);
        WriteLora(Path.Combine(output, "ohwx-000002.safetensors"));
        WriteLora(Path.Combine(output, "ohwx.safetensors"));
        var ex = Assert.Throws<InvalidDataException>(() => LoraCheckpoints.InFolder(output, []));
        Assert.Contains("ohwx.safetensors: neither its name nor its metadata", ex.Message);
    }
}
