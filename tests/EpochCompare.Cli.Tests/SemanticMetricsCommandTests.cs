using static EpochCompare.Cli.Tests.CliRunner;
using EpochCompare.Cli;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Imaging;
using EpochCompare.Imaging.Formats.Png;

namespace EpochCompare.Cli.Tests;

/// <summary>
/// <c>metrics --clip --dino</c> end to end on tiny random-weight encoders with the real key names (the
/// golden fixtures; the CLIP one given CLIP's real 49408-token vocabulary so real prompts tokenize).
/// </summary>
public class SemanticMetricsCommandTests
{
    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", "semantic", name);

    private sealed class Run_ : ScratchFolder
    {
        public Run_() : base("ec-semantic-")
        {
            Samples = Path.Combine(Dir, "samples");
            Train = Path.Combine(Dir, "train");
            Directory.CreateDirectory(Samples);
            Directory.CreateDirectory(Train);
            foreach (int prompt in new[] { 0, 1 })
            {
                foreach (int epoch in new[] { 0, 10, 20, 30 })
                {
                    AddSample(prompt, epoch);
                }
            }
            for (int i = 0; i < 3; i++)
            {
                PngEncoder.Save(Picture(900 + i, 0), Path.Combine(Train, $"img_{i}.png"));
            }
            Prompts = Path.Combine(Dir, "prompts.txt");
            File.WriteAllText(Prompts, "ohwx car, stylized 3D render --d 1\nohwx revolver, stylized 3D render --concept old revolver\n");
            Clip = Path.Combine(Dir, "clip-real-vocab.safetensors");
            WriteRealVocabularyClip(Clip);
        }

        public string Root => Dir;

        public string Samples { get; }
        public string Train { get; }
        public string Prompts { get; }
        public string Clip { get; }

        public void AddSample(int prompt, int epoch)
        {
            foreach (int seed in new[] { 1, 2 })
            {
                string name = epoch == 0 ? $"base_s{seed}_p{prompt}.png" : $"e{epoch}_s{seed}_p{prompt}.png";
                PngEncoder.Save(Picture(prompt * 100 + seed, epoch), Path.Combine(Samples, name));
            }
        }
    }

    private static RgbaImage Picture(int seed, int epoch)
    {
        var image = new RgbaImage(72, 64);
        var random = new Random(seed);
        int cx = random.Next(10, 60), cy = random.Next(10, 54);
        for (int y = 0; y < 64; y++)
        {
            for (int x = 0; x < 72; x++)
            {
                bool disc = (x - cx) * (x - cx) + (y - cy) * (y - cy) < 150;
                image[x, y] = disc ? new Rgba32((byte)(200 - epoch), 40, (byte)(seed * 2)) : new Rgba32((byte)(x * 3), (byte)(y * 3), (byte)(120 + epoch));
            }
        }
        return image;
    }

    /// <summary>The tiny CLIP fixture with its token and position tables widened to CLIP-L's 49408 x 77 (random, seeded).</summary>
    private static void WriteRealVocabularyClip(string path)
    {
        using SafeTensorsFile source = SafeTensorsFile.Open(Fixture("clip-tiny.safetensors"));
        var random = new Random(7);
        float[] Random(int n) => [.. Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() - 0.5) * 0.2f)];
        var tensors = new List<SafeTensorToWrite>();
        foreach (SafeTensorEntry e in source.Entries.Where(e => e.Name.StartsWith("model.", StringComparison.Ordinal) && e.DType == SafeTensorDType.F32))
        {
            string name = e.Name["model.".Length..];
            int width = e.Shape.Count == 0 ? 0 : (int)e.Shape[^1];
            tensors.Add(name switch
            {
                "text_model.embeddings.token_embedding.weight" => SafeTensorToWrite.F32(name, [49408, width], Random(49408 * width)),
                "text_model.embeddings.position_embedding.weight" => SafeTensorToWrite.F32(name, [77, width], Random(77 * width)),
                _ => SafeTensorToWrite.F32(name, e.Shape, source.ReadSingles(e.Name)),
            });
        }
        SafeTensorsWriter.Write(path, tensors, new Dictionary<string, string> { ["config"] = source.Metadata["config"] });
    }

    [Fact]
    public void Writes_semantic_columns_and_a_semantic_verdict_and_only_encodes_new_images_on_rerun()
    {
        using var run = new Run_();
        string outDir = Path.Combine(run.Root, "out");
        string[] args = ["metrics", "--samples", run.Samples, "--train-data", run.Train, "--prompts", run.Prompts, "--probe", "1",
            "--out", outDir, "--clip", run.Clip, "--dino", Fixture("dinov2-tiny.safetensors")];
        var (code, output, error) = Run(args);
        Assert.True(code == CliApp.ExitOk, error + output);
        Assert.Contains("CLIP: 16 sample images (16 encoded, 0 cached)", output);

        string[] longCsv = File.ReadAllLines(Path.Combine(outDir, "metrics_long.csv"));
        foreach (string metric in new[] { "concept_score", "concept_drop", "clip_prompt_score", "dino_train_nn", "dino_mem_norm", "dino_vendi", "dino_vendi_ratio" })
        {
            Assert.Contains(longCsv, l => l.Contains($",{metric},", StringComparison.Ordinal));
        }
        // The concept comes from the line option for prompt 1 and from the prompt (trigger and style dropped) for prompt 0.
        Assert.Contains(longCsv, l => l.Contains(",concept_score,none,concept=old revolver,", StringComparison.Ordinal));
        Assert.Contains(longCsv, l => l.Contains(",concept_score,none,concept=car,", StringComparison.Ordinal));
        Assert.Contains(longCsv, l => l.Contains(",dino_train_nn,train_nn,train:img_", StringComparison.Ordinal));
        string summary = File.ReadAllText(Path.Combine(outDir, "summary_by_prompt_epoch.csv"));
        Assert.Contains(",concept_lost,votes,", summary);
        string[] verdict = File.ReadAllLines(Path.Combine(outDir, "verdict.csv"));
        Assert.EndsWith(",verdict_basis", verdict[0]);
        Assert.All(verdict.Skip(1), l => Assert.EndsWith(",semantic:clip+dinov2", l));
        Assert.Contains("VERDICT_BASIS kind=semantic encoders=clip+dinov2", verdict[1]);
        string report = File.ReadAllText(Path.Combine(outDir, "report.html"));
        Assert.Contains("semantic verdict: CLIP+DINOv2", report);
        Assert.Contains("Semantic signals (concept: old revolver)", report);
        Assert.Equal(2, Directory.GetFiles(Path.Combine(outDir, "embeddings"), "*.bin").Length);

        // Same inputs: byte-identical CSVs, nothing encoded again. One more epoch: only its images.
        byte[] firstLong = File.ReadAllBytes(Path.Combine(outDir, "metrics_long.csv"));
        (code, output, error) = Run(args);
        Assert.True(code == CliApp.ExitOk, error);
        Assert.Contains("CLIP: 16 sample images (0 encoded, 16 cached)", output);
        Assert.Equal(firstLong, File.ReadAllBytes(Path.Combine(outDir, "metrics_long.csv")));
        run.AddSample(0, 40);
        run.AddSample(1, 40);
        (code, output, error) = Run(args);
        Assert.True(code == CliApp.ExitOk, error);
        Assert.Contains("CLIP: 20 sample images (4 encoded, 16 cached)", output);
        Assert.Contains("DINOv2: 20 sample and 3 training images (4 encoded, the rest cached)", output);
    }

    /// <summary>Not a terminal (the runner's writers) and --quiet: no progress bar, no escape or redraw characters.</summary>
    [Fact]
    public void Embedding_progress_stays_off_logs_and_quiet_runs()
    {
        using var run = new Run_();
        string[] args = ["metrics", "--samples", run.Samples, "--train-data", run.Train, "--prompts", run.Prompts, "--no-grids",
            "--out", Path.Combine(run.Root, "out"), "--clip", run.Clip, "--dino", Fixture("dinov2-tiny.safetensors")];
        var (code, output, error) = Run(args);
        Assert.True(code == CliApp.ExitOk, error + output);
        Assert.Contains("DINOv2: 16 sample and 3 training images (19 encoded, the rest cached)", output);
        Assert.DoesNotContain(output + error, c => char.IsControl(c) && c != '\n');
        Assert.DoesNotContain("%", output);

        (code, output, error) = Run([.. args, "--quiet"]);
        Assert.True(code == CliApp.ExitOk, error);
        Assert.Equal("", output);
        Assert.DoesNotContain(error, c => char.IsControl(c) && c != '\n');
    }

    [Fact]
    public void Without_weights_the_verdict_is_appearance_and_says_so()
    {
        using var run = new Run_();
        string outDir = Path.Combine(run.Root, "out");
        var (code, _, error) = Run("metrics", "--samples", run.Samples, "--out", outDir);
        Assert.True(code == CliApp.ExitOk, error);
        Assert.All(File.ReadAllLines(Path.Combine(outDir, "verdict.csv")).Skip(1), l => Assert.EndsWith(",appearance", l));
        Assert.Contains("no semantic model", File.ReadAllText(Path.Combine(outDir, "report.html")));
        Assert.DoesNotContain("concept_score", File.ReadAllText(Path.Combine(outDir, "metrics_long.csv")));
    }

    public static TheoryData<string, string> BadWeights => new()
    {
        { "dino-as-clip", "dinov2-tiny.safetensors: expected a CLIP (vision_model.*, text_model.*) checkpoint, but the file is a DINOv2 (embeddings.*, encoder.layer.*) checkpoint." },
        { "truncated-dino", "truncated" },
        { "vision-only-clip", "the CLIP text tower is missing" },
    };

    [Theory]
    [MemberData(nameof(BadWeights))]
    public void Bad_weights_fail_in_one_line_before_anything_is_written(string kind, string expected)
    {
        using var run = new Run_();
        string outDir = Path.Combine(run.Root, "out");
        string[] weights = kind switch
        {
            "dino-as-clip" => ["--clip", Fixture("dinov2-tiny.safetensors")],
            "truncated-dino" => ["--dino", Truncated(run.Root)],
            _ => ["--clip", VisionOnly(run.Clip, run.Root)],
        };
        var (code, output, error) = Run(["metrics", "--samples", run.Samples, "--train-data", run.Train, "--prompts", run.Prompts, "--out", outDir, .. weights]);
        Assert.Equal(CliApp.ExitFailure, code);
        string line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line);
        Assert.False(Directory.Exists(outDir) && Directory.EnumerateFileSystemEntries(outDir).Any(), $"{kind}: something was written; {output}");
    }

    private static string Truncated(string root)
    {
        string path = Path.Combine(root, "dino-cut.safetensors");
        byte[] bytes = File.ReadAllBytes(Fixture("dinov2-tiny.safetensors"));
        File.WriteAllBytes(path, bytes[..(bytes.Length * 2 / 3)]);
        return path;
    }

    private static string VisionOnly(string clip, string root)
    {
        string path = Path.Combine(root, "clip-vision-only.safetensors");
        using SafeTensorsFile source = SafeTensorsFile.Open(clip);
        SafeTensorsWriter.Write(path, [.. source.Entries.Where(e => !e.Name.StartsWith("text_", StringComparison.Ordinal)).Select(e => SafeTensorToWrite.F32(e.Name, e.Shape, source.ReadSingles(e.Name)))]);
        return path;
    }
}
