using EpochCompare.Imaging.Grids;
using EpochCompare.Imaging.Samples;
using EpochCompare.Imaging.Tests.Metadata;

namespace EpochCompare.Imaging.Tests.Samples;

/// <summary>
/// Sample folders laid out exactly as each trainer or UI writes them (real-formats.md §4) become one grid
/// per prompt with the right columns and rows.
/// </summary>
public sealed class ProducerSampleFolderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ec-producers-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Folder(string relative)
    {
        string path = Path.Combine(_root, relative);
        Directory.CreateDirectory(path);
        return path;
    }

    private static void Touch(string folder, string name) => File.WriteAllBytes(Path.Combine(folder, name), []);

    private static IReadOnlyList<SampleGridFiles> Grids(string given, string? promptFile, List<string>? warnings = null)
    {
        SampleRunFolder run = SampleRunFolder.Locate(given);
        SampleFolder folder = SampleFolder.Scan(run.SamplesDir);
        return SampleGridSet.Group(folder, ColumnSelection.All, warnings ?? [], SamplePromptSource.Find(folder, promptFile));
    }

    private static string[] Labels(SampleGridFiles grid) => [.. grid.Columns.Select(c => c.Label)];

    private static string[] RowLabels(SampleGridFiles grid) => [.. grid.Rows.Select(r => r.DisplayLabel)];

    private static void AssertFull(SampleGridFiles grid)
    {
        for (int r = 0; r < grid.Rows.Count; r++)
        {
            for (int c = 0; c < grid.Columns.Count; c++)
            {
                Assert.NotNull(grid.Files[r, c]);
            }
        }
    }

    // kohya: 2 prompts x 4 seeds = 8 prompt-file lines, enums 00-07; --sample_at_first gives e000000.
    private static readonly string[] KohyaLines =
    [
        "# samples for ohwx",
        "ohwx car, 3D render --w 512 --h 512 --d 1 --s 20 --g 3.5",
        "ohwx car, 3D render --w 512 --h 512 --d 2 --s 20 --g 3.5",
        "",
        "ohwx car, 3D render --w 512 --h 512 --d 3 --s 20 --g 3.5 --ss euler",
        "ohwx car, 3D render --w 512 --h 512 --d 4 --s 20 --g 3.5 --fs 3",
        "a red apple on a table --d 1 --n blurry",
        "a red apple on a table --d 2 --n blurry",
        "a red apple on a table --d 3 --n blurry --cn control.png --ctr 0.2 --rcfg 1",
        "a red apple on a table --d 4 --n blurry",
    ];

    private string KohyaRun(bool withSeeds = true, bool steps = false)
    {
        string sample = Folder("kohya/output/sample");
        int second = 0;
        foreach (int at in steps ? new[] { 0, 500, 1000 } : [0, 5, 10])
        {
            for (int line = 0; line < 8; line++)
            {
                string column = steps ? $"{at:D6}" : $"e{at:D6}";
                string seed = withSeeds ? $"_{line % 4 + 1}" : "";
                Touch(sample, $"ohwx_{column}_{line:D2}_20241130{12 + at / 1000:D2}{10 + at % 50:D2}{second++ % 60:D2}{seed}.png");
            }
        }
        return Path.GetDirectoryName(sample)!;
    }

    private string KohyaPromptFile(string extension)
    {
        string path = Path.Combine(_root, "prompts" + extension);
        switch (extension)
        {
            case ".txt":
                File.WriteAllLines(path, KohyaLines);
                break;
            case ".toml":
                File.WriteAllText(path, """
                    [prompt]
                    width = 512
                    height = 512
                    sample_steps = 20
                    guidance_scale = 3.5

                    [[prompt.subset]]
                    prompt = "ohwx car, 3D render"
                    seed = 1
                    [[prompt.subset]]
                    prompt = "ohwx car, 3D render"
                    seed = 2
                    [[prompt.subset]]
                    prompt = "ohwx car, 3D render"
                    seed = 3
                    [[prompt.subset]]
                    prompt = "ohwx car, 3D render"
                    seed = 4
                    [[prompt.subset]]
                    prompt = "a red apple on a table"
                    negative_prompt = "blurry"
                    seed = 1
                    [[prompt.subset]]
                    prompt = "a red apple on a table"
                    seed = 2
                    [[prompt.subset]]
                    prompt = "a red apple on a table"
                    seed = 3
                    [[prompt.subset]]
                    prompt = "a red apple on a table"
                    seed = 4
                    """);
                break;
            default:
                File.WriteAllText(path, """
                    [
                      {"prompt": "ohwx car, 3D render", "seed": 1, "width": 512},
                      {"prompt": "ohwx car, 3D render", "seed": 2},
                      {"prompt": "ohwx car, 3D render", "seed": 3},
                      "ohwx car, 3D render --d 4",
                      {"prompt": "a red apple on a table", "seed": 1, "negative_prompt": "blurry"},
                      {"prompt": "a red apple on a table", "seed": 2},
                      {"prompt": "a red apple on a table", "seed": 3},
                      {"prompt": "a red apple on a table", "seed": 4}
                    ]
                    """);
                break;
        }
        return path;
    }

    [Theory]
    [InlineData(".txt")]
    [InlineData(".toml")]
    [InlineData(".json")]
    public void KohyaLinesWithTheSamePromptShareOneGridOfFourSeeds(string extension)
    {
        string run = KohyaRun();
        var warnings = new List<string>();
        var grids = Grids(run, KohyaPromptFile(extension), warnings);

        Assert.Equal(2, grids.Count);
        Assert.Equal(["ohwx car, 3D render", "a red apple on a table"], grids.Select(g => g.Prompt));
        Assert.Equal([0, 4], grids.Select(g => g.PromptIndex));
        foreach (SampleGridFiles grid in grids)
        {
            Assert.Equal(["Base", "Epoch 5", "Epoch 10"], Labels(grid));
            Assert.Equal([1L, 2L, 3L, 4L], grid.Rows.Select(r => r.Seed));
            AssertFull(grid);
        }
        Assert.Matches(@"ohwx_e000010_07_\d{14}_4\.png$", grids[1].Files[3, 2]);
        Assert.Empty(warnings);
    }

    [Fact]
    public void KohyaWithoutSeedsInNamesTakesSeedsFromThePromptFileLines()
    {
        var grids = Grids(KohyaRun(withSeeds: false), KohyaPromptFile(".txt"));
        Assert.Equal(2, grids.Count);
        Assert.Equal([1L, 2L, 3L, 4L], grids[0].Rows.Select(r => r.Seed));
        Assert.Matches(@"ohwx_e000005_02_\d{14}\.png$", grids[0].Files[2, 1]);
    }

    [Fact]
    public void KohyaWithoutAnySeedGivesOneRowPerLine()
    {
        string prompts = Path.Combine(_root, "random.txt");
        File.WriteAllLines(prompts, [.. Enumerable.Repeat("ohwx car", 4), .. Enumerable.Repeat("an apple", 4)]);
        var grids = Grids(KohyaRun(withSeeds: false), prompts);
        Assert.Equal(["Line 0", "Line 1", "Line 2", "Line 3"], RowLabels(grids[0]));
        Assert.Equal(["Line 4", "Line 5", "Line 6", "Line 7"], RowLabels(grids[1]));
    }

    [Fact]
    public void KohyaStepSamplesGiveStepColumns()
    {
        var grids = Grids(KohyaRun(steps: true), KohyaPromptFile(".txt"));
        Assert.Equal(["Base", "Step 500", "Step 1000"], Labels(grids[0]));
        Assert.Equal(4, grids[0].Rows.Count);
    }

    [Fact]
    public void KohyaWithoutThePromptFileSaysWhyEachLineIsItsOwnGrid()
    {
        var warnings = new List<string>();
        var grids = Grids(KohyaRun(), null, warnings);
        Assert.Equal(8, grids.Count);
        Assert.Contains(warnings, w => w.Contains("--prompts") && w.Contains("prompt-file line"));
    }

    [Fact]
    public void AiToolkitRunReadsPromptsAndWalkedSeedsFromItsConfig()
    {
        string run = Folder("ai-toolkit/output/ohwx");
        // yaml.dump of the job config: keys sorted, block style.
        File.WriteAllText(Path.Combine(run, "config.yaml"), """
            config:
              name: ohwx
              process:
              - datasets:
                - caption_ext: txt
                  folder_path: /data/ohwx
                device: cuda:0
                network:
                  linear: 16
                  linear_alpha: 16
                  type: lora
                sample:
                  guidance_scale: 4
                  height: 1024
                  neg: ''
                  prompts:
                  - '[trigger] car, 3D render'
                  - '[trigger] car, 3D render'
                  - a red apple on a table --seed 7 --cfg 3.5
                  - a red apple on a table --seed 8
                  sample_every: 250
                  sample_steps: 20
                  sampler: flowmatch
                  seed: 42
                  walk_seed: true
                  width: 1024
                save:
                  dtype: float16
                  save_every: 250
                trigger_word: ohwx
                type: sd_trainer
            job: extension
            meta:
              name: '[name]'
              version: '1.0'
            """);
        string samples = Folder("ai-toolkit/output/ohwx/samples");
        Folder("ai-toolkit/output/ohwx/samples/.thumbs");
        Folder("ai-toolkit/output/ohwx/samples/.tmp");
        long ms = 1733000000000;
        foreach (int step in new[] { 0, 250, 500 })
        {
            for (int i = 0; i < 4; i++)
            {
                Touch(samples, $"{ms++}__{step:D9}_{i}.jpg");
            }
        }
        Touch(Path.Combine(samples, ".thumbs"), $"{ms}__000000250_0.jpg.jpg");
        Touch(run, "ohwx_000000250.safetensors");

        var warnings = new List<string>();
        var grids = Grids(run, null, warnings);

        Assert.Equal(["ohwx car, 3D render", "a red apple on a table"], grids.Select(g => g.Prompt));
        Assert.Equal(["Base", "Step 250", "Step 500"], Labels(grids[0]));
        Assert.Equal([42L, 43L], grids[0].Rows.Select(r => r.Seed)); // walk_seed: 42 + index
        Assert.Equal([7L, 8L], grids[1].Rows.Select(r => r.Seed));    // the prompts' own --seed
        Assert.All(grids, AssertFull);
        Assert.EndsWith("__000000500_3.jpg", grids[1].Files[1, 2]);
        Assert.Empty(warnings);
    }

    [Fact]
    public void AiToolkitSamplesListWithFixedSeed()
    {
        string run = Folder("ait2");
        File.WriteAllText(Path.Combine(run, "config.yaml"), """
            config:
              process:
              - sample:
                  samples:
                  - prompt: ohwx car
                  - prompt: ohwx car
                    seed: 5
                  seed: 11
            """);
        string samples = Folder("ait2/samples");
        Touch(samples, "1733000000000__000000100_0.jpg");
        Touch(samples, "1733000000001__000000100_1.jpg");
        var grid = Assert.Single(Grids(samples, null));
        Assert.Equal("ohwx car", grid.Prompt);
        Assert.Equal([5L, 11L], grid.Rows.Select(r => r.Seed));
    }

    [Fact]
    public void SimpleTunerValidationImagesGroupByShortnameWithOneRowPerResolution()
    {
        string output = Folder("simpletuner/output");
        string images = Folder("simpletuner/output/validation_images");
        foreach (string name in new[] { "ohwx_car", "apple" })
        {
            Touch(images, $"{name}_1024x1024.png"); // the base model's benchmark, before training
            Touch(images, $"{name}_768x1024.png");
            foreach (int step in new[] { 500, 1000 })
            {
                Touch(images, $"step_{step}_{name}_0_1024x1024.png");
                Touch(images, $"step_{step}_{name}_1_768x1024.png");
            }
        }
        var grids = Grids(output, null);
        Assert.Equal(["apple", "ohwx_car"], grids.Select(g => g.Prompt)); // natural file order
        Assert.All(grids, g => Assert.Equal(["Base", "Step 500", "Step 1000"], Labels(g)));
        Assert.All(grids, g => Assert.Equal(["1024x1024", "768x1024"], RowLabels(g)));
        Assert.All(grids, AssertFull);
        Assert.EndsWith("step_1000_ohwx_car_1_768x1024.png", grids[1].Files[1, 2]);
    }

    [Fact]
    public void OneTrainerWorkspaceSamplesFolderPerPrompt()
    {
        string workspace = Folder("onetrainer/workspace/run");
        string car = Folder("onetrainer/workspace/run/samples/0 - ohwx car, 3D render");
        string apple = Folder("onetrainer/workspace/run/samples/1 - a red apple on a table, studio l");
        foreach (string folder in new[] { car, apple })
        {
            Touch(folder, "2024-11-30_12-00-00-training-sample-0-0-0.jpg");
            Touch(folder, "2024-11-30_12-10-00-training-sample-500-2-100.jpg");
            Touch(folder, "2024-11-30_12-20-00-training-sample-1000-4-200.jpg");
        }
        Folder("onetrainer/workspace/run/save");
        var grids = Grids(workspace, null);
        Assert.Equal(["ohwx car, 3D render", "a red apple on a table, studio l"], grids.Select(g => g.Prompt));
        Assert.Equal([0, 1], grids.Select(g => g.PromptIndex));
        Assert.All(grids, g => Assert.Equal(["Base", "Step 500", "Step 1000"], Labels(g)));
        Assert.All(grids, AssertFull);
    }

    [Fact]
    public void ForgeXyzPlotCellsGroupByPromptWithLoraEpochColumnsAndTheGridImageSkipped()
    {
        string cells = Folder("forge/outputs/txt2img-images/2024-11-30");
        int n = 0;
        foreach (long seed in new long[] { 1234, 1235 })
        {
            foreach (string lora in new[] { "<lora:ohwx-000010:0>", "<lora:ohwx-000010:1>", "<lora:ohwx-000020:1>" })
            {
                string prompt = $"ohwx car, 3D render, {lora}";
                PngWithText.WriteText(Path.Combine(cells, $"{n++:D5}-{seed}-ohwx car, 3D render.png"), "parameters",
                    GenerationInfoTests.ForgeInfotext.Replace("ohwx car, 3D render, <lora:ohwx-000010:1>", prompt).Replace("Seed: 1234", $"Seed: {seed}"));
            }
        }
        // The X/Y/Z grid itself, saved beside the cells here, carries the first cell's infotext.
        PngWithText.WriteText(Path.Combine(cells, "xyz_grid-0000-1234-ohwx car, 3D render.png"), "parameters", GenerationInfoTests.ForgeInfotext);

        var grid = Assert.Single(Grids(cells, null));
        Assert.Equal("ohwx car, 3D render", grid.Prompt);
        Assert.Equal(["Base", "Epoch 10", "Epoch 20"], Labels(grid));
        Assert.Equal([1234L, 1235L], grid.Rows.Select(r => r.Seed));
        AssertFull(grid);
        Assert.EndsWith("00005-1235-ohwx car, 3D render.png", grid.Files[1, 2]);
    }

    [Fact]
    public void ComfyAndSwarmImagesByTheirMetadata()
    {
        string output = Folder("comfy/output");
        int counter = 1;
        foreach (long seed in new long[] { 1, 2 })
        {
            foreach (var (lora, strength) in new[] { ("ohwx-000010.safetensors", 0.0), ("ohwx-000010.safetensors", 1.0), ("flux/ohwx-000020.safetensors", 1.0) })
            {
                PngWithText.Write(Path.Combine(output, $"ComfyUI_{counter++:D5}_.png"),
                    ("prompt", GenerationInfoTests.ComfyGraph(lora, strength, seed), PngWithText.Kind.Text),
                    ("workflow", "{\"nodes\": []}", PngWithText.Kind.Text));
            }
        }
        var comfy = Assert.Single(Grids(output, null));
        Assert.Equal(["Base", "Epoch 10", "Epoch 20"], Labels(comfy));
        Assert.Equal([1L, 2L], comfy.Rows.Select(r => r.Seed));
        AssertFull(comfy);

        string swarm = Folder("swarm/Output/local/raw/2024-11-30");
        int increment = 0;
        foreach (string lora in new[] { "ohwx-step00000500", "ohwx-step00001000" })
        {
            PngWithText.WriteText(Path.Combine(swarm, $"120{increment++}-ohwx car-flux1-dev.png"), "parameters", GenerationInfoTests.SwarmJson(lora, "1", 3));
        }
        var grid = Assert.Single(Grids(swarm, null));
        Assert.Equal(["Step 500", "Step 1000"], Labels(grid));
        Assert.Equal([3L], grid.Rows.Select(r => r.Seed));
    }

    [Fact]
    public void AnImageWhoseLoraNameHasNoEpochIsLeftOutWithAReason()
    {
        string output = Folder("comfy-last");
        PngWithText.Write(Path.Combine(output, "ComfyUI_00001_.png"), ("prompt", GenerationInfoTests.ComfyGraph("ohwx-000010.safetensors", 1, 1), PngWithText.Kind.Text));
        PngWithText.Write(Path.Combine(output, "ComfyUI_00002_.png"), ("prompt", GenerationInfoTests.ComfyGraph("ohwx.safetensors", 1, 1), PngWithText.Kind.Text));
        var warnings = new List<string>();
        var grid = Assert.Single(Grids(output, null, warnings));
        Assert.Equal(["Epoch 10"], Labels(grid));
        Assert.Contains(warnings, w => w.Contains("ComfyUI_00002_.png") && w.Contains("'ohwx.safetensors' has no epoch or step"));
    }
}
