using System.Globalization;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Imaging;
using EpochCompare.Imaging.Formats.Png;
using static EpochCompare.Cli.Tests.CliRunner;

namespace EpochCompare.Cli.Tests;

/// <summary>
/// <c>train --model flux-dev|flux-schnell</c> end to end on tiny files with the real key layout: captions and latents
/// cached first, a kohya LoRA every epoch that <c>sample</c> loads, kohya's FLUX defaults in the metadata, fp8 base and
/// gradient checkpointing, bad input refused in one line with nothing written.
/// </summary>
public sealed class RealFluxTrainCommandTests() : ScratchFolder("ec-realtrain-")
{
    internal const string Caption = "ohwx car, stylized 3D render";

    /// <summary>A kohya folder <c>1_ohwx car</c> with two 32x32 images sharing one caption (so one caption encoding).</summary>
    internal static string WriteDataset(string root)
    {
        string folder = Directory.CreateDirectory(Path.Combine(root, "data", "1_ohwx car")).FullName;
        var colours = new[] { new Rgba32(200, 40, 40, 255), new Rgba32(30, 90, 220, 255) };
        for (int i = 0; i < colours.Length; i++)
        {
            RgbaImage image = RgbaImage.Filled(32, 32, colours[i]);
            for (int x = 0; x < 16; x++)
            {
                image[x, 8 + i * 8] = Rgba32.White; // a stripe on the left, so the mirror differs
            }
            PngEncoder.Save(image, Path.Combine(folder, $"{i}.png"));
            File.WriteAllText(Path.Combine(folder, $"{i}.txt"), Caption);
        }
        return Path.GetDirectoryName(folder)!;
    }

    private string[] TrainArgs(string comfy, string data, string output, params string[] extra) =>
    [
        "train", "--model", "flux-dev", "--models", comfy, "--dataset", data, "--resolution", "32", "--epochs", "2",
        "--batch-size", "2", "--save-every-n-epochs", "1", "--network-dim", "2", "--network-alpha", "2", "--lr", "1e-2",
        "--output-dir", output, "--output-name", "real", .. extra,
    ];

    [Fact]
    public void Dev_trains_a_kohya_lora_from_cached_inputs_that_sample_loads()
    {
        string comfy = Path.Combine(Dir, "ComfyUI");
        TinyRealFlux.WriteComfyFolder(comfy, dev: true);
        string data = WriteDataset(Dir), output = Path.Combine(Dir, "out");

        var (code, stdout, err) = Run(TrainArgs(comfy, data, output));

        Assert.True(code == 0, err);
        Assert.Contains("cached 1 caption encoding(s); text encoders freed", stdout);
        Assert.Contains("cached 2 latent(s); autoencoder freed", stdout);
        Assert.Contains("flux1-dev.safetensors: flux-dev loaded frozen", stdout);
        string epoch1 = Path.Combine(output, "real-000001.safetensors"), final = Path.Combine(output, "real.safetensors");
        Assert.True(File.Exists(epoch1) && File.Exists(final));
        double[] losses = LossColumn(Path.Combine(output, "real-loss.csv"));
        Assert.Equal(2, losses.Length); // 2 images x 1 repeat, batch 2, 2 epochs
        Assert.All(losses, l => Assert.True(double.IsFinite(l) && l > 0));

        using (SafeTensorsFile lora = SafeTensorsFile.Open(final))
        {
            Assert.True(lora.TryGetEntry("lora_unet_double_blocks_0_img_attn_qkv.lora_down.weight", out SafeTensorEntry down));
            Assert.Equal([2L, 64L], down.Shape.ToArray());
            Assert.True(lora.TryGetEntry("lora_unet_double_blocks_0_img_attn_qkv.alpha", out _));
            Assert.True(lora.TryGetEntry("lora_unet_single_blocks_0_linear1.lora_up.weight", out SafeTensorEntry up));
            Assert.Contains(lora.ReadSingles(up.Name), v => v != 0f); // lora_up starts at zero: training moved it
            Assert.Equal("flux1", lora.Metadata["ss_base_model_version"]);
            Assert.Equal("flux-1-dev/lora", lora.Metadata["modelspec.architecture"]);
            Assert.Equal("shift", lora.Metadata["ss_timestep_sampling"]);
            Assert.Equal("3.1582", lora.Metadata["ss_discrete_flow_shift"]);
            Assert.Equal("1", lora.Metadata["ss_guidance_scale"]);
            Assert.Equal("raw", lora.Metadata["ss_model_prediction_type"]);
            Assert.Equal("True", lora.Metadata["ss_cache_latents"]);
            Assert.Equal("flux1-dev.safetensors", lora.Metadata["ss_sd_model_name"]);
            Assert.Equal("2", lora.Metadata["ss_epoch"]);
        }

        // A second run into the same output is refused before any encoder loads, and leaves the files as they were.
        byte[] before = File.ReadAllBytes(final);
        var (again, againOut, againErr) = Run(TrainArgs(comfy, data, output));
        Assert.Equal(1, again);
        Assert.Contains("already exists; use --resume", againErr);
        Assert.DoesNotContain("cached", againOut);
        Assert.Equal(before, File.ReadAllBytes(final));

        // Same seed and inputs: the same bytes.
        string output2 = Path.Combine(Dir, "out2");
        var (code2, _, err2) = Run(TrainArgs(comfy, data, output2));
        Assert.True(code2 == 0, err2);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(output2, "real.safetensors")));

        string samples = Path.Combine(Dir, "samples");
        var (sampleCode, _, sampleErr) = Run("sample", "--model", "flux-dev", "--models", comfy, "--prompt", Caption, "--seed", "1",
            "--width", "32", "--height", "32", "--steps", "2", "--lora", final, "--with-base", "--out", samples, "--threads", "1");
        Assert.True(sampleCode == 0, sampleErr);
        string[] pngs = Directory.GetFiles(samples, "*.png").Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(2, pngs.Length);
        Assert.NotEqual(File.ReadAllBytes(pngs[0]), File.ReadAllBytes(pngs[1])); // the trained LoRA changes the image
    }

    [Fact]
    public void Fp8_base_with_gradient_checkpointing_trains_in_bf16()
    {
        string comfy = Path.Combine(Dir, "ComfyUI");
        TinyRealFlux.WriteComfyFolder(comfy, dev: false);
        string data = WriteDataset(Dir), output = Path.Combine(Dir, "out");
        // bf16 compute as on a GPU: the float32 LoRA runs beside the bf16-decoded fp8 Linears.
        string[] args = TrainArgs(comfy, data, output, "--fp8-base", "--gradient-checkpointing", "--flip-aug", "--dtype", "bfloat16");
        args[2] = "flux-schnell";

        var (code, stdout, err) = Run(args);

        Assert.True(code == 0, err);
        Assert.Contains("Linear weights in fp8, gradient checkpointing per block", stdout);
        Assert.Contains("cached 4 latent(s)", stdout); // each image and its mirror
        Assert.All(LossColumn(Path.Combine(output, "real-loss.csv")), l => Assert.True(double.IsFinite(l)));
        using SafeTensorsFile lora = SafeTensorsFile.Open(Path.Combine(output, "real.safetensors"));
        Assert.Contains(lora.ReadSingles("lora_unet_double_blocks_0_txt_mlp_0.lora_up.weight"), v => v != 0f);
        Assert.Equal("True", lora.Metadata["ss_fp8_base"]);
        Assert.Equal("flux-1-schnell/lora", lora.Metadata["modelspec.architecture"]);
    }

    [Fact]
    public void A_transformer_that_is_not_flux_is_refused_in_one_line_and_nothing_is_written()
    {
        string comfy = Path.Combine(Dir, "ComfyUI");
        TinyRealFlux.WriteComfyFolder(comfy, dev: true);
        string data = WriteDataset(Dir), output = Path.Combine(Dir, "out");

        var (code, _, err) = Run(TrainArgs(comfy, data, output, "--transformer", Path.Combine(comfy, "models", "vae", "ae.safetensors")));

        Assert.Equal(1, code);
        string line = Assert.Single(err.Trim().Split('\n'));
        Assert.StartsWith("epochcompare: error: ae.safetensors: not a FLUX transformer", line);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Options_the_flux1_path_does_not_offer_are_usage_errors()
    {
        string comfy = Path.Combine(Dir, "ComfyUI");
        TinyRealFlux.WriteComfyFolder(comfy, dev: true);
        string data = WriteDataset(Dir), output = Path.Combine(Dir, "out");

        var (full, _, fullErr) = Run(TrainArgs(comfy, data, output, "--mode", "full"));
        var (fp8, _, fp8Err) = Run("train", "--dataset", data, "--fp8-base", "--output-dir", output);

        Assert.Equal(2, full);
        Assert.Contains("--mode full", fullErr);
        Assert.Equal(2, fp8);
        Assert.Contains("--fp8-base is for --model flux-dev or flux-schnell", fp8Err);
        Assert.False(Directory.Exists(output));
    }

    private static double[] LossColumn(string csv)
    {
        string[] lines = File.ReadAllLines(csv);
        int column = Array.IndexOf(lines[0].Split(','), "loss");
        return lines.Skip(1).Select(l => double.Parse(l.Split(',')[column], CultureInfo.InvariantCulture)).ToArray();
    }
}
