using System.Buffers.Binary;
using static EpochCompare.Cli.Tests.CliRunner;

namespace EpochCompare.Cli.Tests;

/// <summary>
/// <c>sample --model flux-dev|flux-schnell</c> end to end on tiny files with the real key layout: ComfyUI folder
/// discovery and explicit files, the base column and one per LoRA epoch, fp8 on request, bad input refused in one
/// line with nothing written.
/// </summary>
public sealed class RealFluxSampleCommandTests() : ScratchFolder("ec-realflux-")
{
    private const string Prompt = "ohwx car, stylized 3D render";

    [Fact]
    public void Dev_from_a_comfyui_folder_renders_the_base_and_each_lora_epoch_deterministically()
    {
        string comfy = Path.Combine(Dir, "ComfyUI");
        TinyRealFlux.WriteComfyFolder(comfy, dev: true);
        string loras = TinyRealFlux.WriteLoraFolder(Path.Combine(Dir, "loras"), TinyRealFlux.Transformer(dev: true), 1, 2);
        string outA = Path.Combine(Dir, "a");

        var (code, stdout, err) = Run("sample", "--model", "flux-dev", "--models", comfy, "--prompt", Prompt, "--seed", "1", "2",
            "--width", "32", "--height", "32", "--steps", "2", "--lora", loras, "--with-base", "--out", outA, "--threads", "1");

        Assert.True(code == 0, err);
        Assert.Contains("text encoders freed", stdout);
        string[] files = Directory.GetFiles(outA).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray()!;
        Assert.Equal(["p0_base_s1.png", "p0_base_s2.png", "p0_e1_s1.png", "p0_e1_s2.png", "p0_e2_s1.png", "p0_e2_s2.png"], files);
        foreach (string file in files)
        {
            byte[] png = File.ReadAllBytes(Path.Combine(outA, file));
            Assert.Equal((32, 32), (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))));
        }
        byte[] Image(string folder, string name) => File.ReadAllBytes(Path.Combine(folder, name));
        Assert.NotEqual(Image(outA, "p0_base_s1.png"), Image(outA, "p0_e1_s1.png"));
        Assert.NotEqual(Image(outA, "p0_e1_s1.png"), Image(outA, "p0_e2_s1.png"));
        Assert.NotEqual(Image(outA, "p0_base_s1.png"), Image(outA, "p0_base_s2.png"));

        // The same files named one by one, base column only: the base is the same image (the LoRAs left it exact).
        string models = Path.Combine(comfy, "models"), outB = Path.Combine(Dir, "b");
        var (codeB, _, errB) = Run("sample", "--model", "flux-dev", "--transformer", Path.Combine(models, "unet", "flux1-dev.safetensors"),
            "--clip-l", Path.Combine(models, "clip", "clip_l.safetensors"), "--t5", Path.Combine(models, "clip", "t5xxl_fp16.safetensors"),
            "--vae", Path.Combine(models, "vae", "ae.safetensors"), "--prompt", Prompt, "--seed", "1", "--width", "32", "--height", "32",
            "--steps", "2", "--out", outB, "--threads", "1");
        Assert.True(codeB == 0, errB);
        Assert.Equal(Image(outA, "p0_base_s1.png"), Image(outB, "p0_base_s1.png"));
    }

    [Fact]
    public void Schnell_kept_in_fp8_samples_with_its_four_step_default()
    {
        string comfy = Path.Combine(Dir, "ComfyUI");
        TinyRealFlux.WriteComfyFolder(comfy, dev: false);
        string loras = TinyRealFlux.WriteLoraFolder(Path.Combine(Dir, "loras"), TinyRealFlux.Transformer(dev: false), 3);
        string output = Path.Combine(Dir, "out");

        var (code, stdout, err) = Run("sample", "--model", "flux-schnell", "--models", Path.Combine(comfy, "models"), "--fp8", "on",
            "--prompt", Prompt, "--seed", "3", "--width", "32", "--height", "32", "--lora", loras, "--with-base", "--out", output, "--dtype", "float32");

        Assert.True(code == 0, err);
        Assert.Contains("rounded to fp8", stdout);
        Assert.Contains("Steps: 4,", File.ReadAllText(Path.Combine(output, "p0_base_s3.png"), System.Text.Encoding.Latin1));
        Assert.NotEqual(File.ReadAllBytes(Path.Combine(output, "p0_base_s3.png")), File.ReadAllBytes(Path.Combine(output, "p0_e3_s3.png")));
    }

    [Fact]
    public void Block_offload_renders_the_same_bytes_as_the_resident_model_with_merged_and_hooked_loras()
    {
        string comfy = Path.Combine(Dir, "ComfyUI");
        TinyRealFlux.WriteComfyFolder(comfy, dev: true);
        string loras = TinyRealFlux.WriteLoraFolder(Path.Combine(Dir, "loras"), TinyRealFlux.Transformer(dev: true), 1);
        string[] Render(string name, params string[] extra)
        {
            string output = Path.Combine(Dir, name);
            var (code, stdout, err) = Run(["sample", "--model", "flux-dev", "--models", comfy, "--prompt", Prompt, "--seed", "4", "--width", "32", "--height", "32",
                "--steps", "2", "--lora", loras, "--with-base", "--out", output, "--threads", "1", "--dtype", "float32", .. extra]);
            Assert.True(code == 0, err);
            Assert.Equal(extra.Contains("blocks"), stdout.Contains("blocks offloaded"));
            return [.. Directory.GetFiles(output).Order(StringComparer.Ordinal).Select(f => Convert.ToHexString(File.ReadAllBytes(f)))];
        }

        // Merged LoRA (16-bit base) and hooked LoRA (base kept in fp8): the offloaded blocks give the same images.
        Assert.Equal(Render("resident"), Render("offloaded", "--offload", "blocks"));
        Assert.Equal(Render("resident-fp8", "--fp8", "on"), Render("offloaded-fp8", "--fp8", "on", "--offload", "blocks"));
    }

    [Fact]
    public void Offload_on_cuda_runs_there_or_fails_with_one_line_without_cuda()
    {
        string comfy = Path.Combine(Dir, "ComfyUI");
        TinyRealFlux.WriteComfyFolder(comfy, dev: true);
        string output = Path.Combine(Dir, "out");

        var (code, _, err) = Run("sample", "--model", "flux-dev", "--models", comfy, "--prompt", Prompt, "--width", "32", "--height", "32",
            "--offload", "blocks", "--device", "cuda", "--steps", "1", "--out", output);

        if (TorchSharp.torch.cuda.is_available())
        {
            Assert.True(code == 0, err);
            Assert.Single(Directory.GetFiles(output));
            return;
        }
        Assert.Equal(1, code);
        Assert.StartsWith("epochcompare: error: --device cuda:0: CUDA is not available", err.Trim());
        Assert.DoesNotContain('\n', err.Trim());
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void Bad_offload_or_vae_tiling_values_are_usage_errors()
    {
        string comfy = Path.Combine(Dir, "ComfyUI");
        TinyRealFlux.WriteComfyFolder(comfy, dev: true);
        var (code, _, err) = Run("sample", "--model", "flux-dev", "--models", comfy, "--prompt", Prompt, "--vae-tiling", "sometimes", "--out", Path.Combine(Dir, "a"));
        Assert.Equal(2, code);
        Assert.Contains("--vae-tiling must be auto, on or off, got 'sometimes'.", err);
        var (codeOffload, _, errOffload) = Run("sample", "--model", "flux-dev", "--models", comfy, "--prompt", Prompt, "--offload", "all", "--out", Path.Combine(Dir, "b"));
        Assert.Equal(2, codeOffload);
        Assert.Contains("--offload must be blocks or none, got 'all'.", errOffload);
        var (codeTiny, _, errTiny) = Run("sample", "--model", "flux-tiny", "--base", Path.Combine(Dir, "none.safetensors"), "--prompt", Prompt, "--vae-tiling", "on", "--out", Path.Combine(Dir, "c"));
        Assert.Equal(2, codeTiny);
        Assert.Contains("--vae-tiling is for --model flux-dev or flux-schnell", errTiny);
    }

    [Fact]
    public void A_t5_file_given_as_clip_is_refused_in_one_line_and_nothing_is_written()
    {
        string comfy = Path.Combine(Dir, "ComfyUI");
        TinyRealFlux.WriteComfyFolder(comfy, dev: true);
        string output = Path.Combine(Dir, "out");

        var (code, _, err) = Run("sample", "--model", "flux-dev", "--models", comfy, "--clip-l", Path.Combine(comfy, "models", "clip", "t5xxl_fp16.safetensors"),
            "--prompt", Prompt, "--width", "32", "--height", "32", "--out", output);

        Assert.Equal(1, code);
        Assert.Equal("epochcompare: error: t5xxl_fp16.safetensors: not a CLIP text encoder: it holds a T5 encoder.", err.Trim());
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void A_lora_that_does_not_fit_the_transformer_is_refused_in_one_line_and_nothing_is_written()
    {
        string comfy = Path.Combine(Dir, "ComfyUI");
        TinyRealFlux.WriteComfyFolder(comfy, dev: true);
        string loras = TinyRealFlux.WriteLoraFolder(Path.Combine(Dir, "loras"), TinyRealFlux.Transformer(dev: true) with { HiddenSize = 32, NumHeads = 1 }, 5);
        string output = Path.Combine(Dir, "out");

        var (code, _, err) = Run("sample", "--model", "flux-dev", "--models", comfy, "--lora", loras, "--prompt", Prompt, "--width", "32", "--height", "32", "--out", output);

        Assert.Equal(1, code);
        Assert.StartsWith("epochcompare: error: Style_Demo-000005.safetensors: LoRA module", err.Trim());
        Assert.DoesNotContain('\n', err.Trim());
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void A_missing_file_or_a_schnell_file_for_dev_is_refused_in_one_line_and_nothing_is_written()
    {
        string comfy = Path.Combine(Dir, "ComfyUI");
        TinyRealFlux.WriteComfyFolder(comfy, dev: false);
        string output = Path.Combine(Dir, "out");
        string missing = Path.Combine(Dir, "nowhere", "ae.safetensors");

        var (code, _, err) = Run("sample", "--model", "flux-schnell", "--models", comfy, "--vae", missing, "--prompt", Prompt, "--out", output);
        Assert.Equal(1, code);
        Assert.Equal($"epochcompare: error: {missing}: no such file or folder.", err.Trim());

        string schnell = Path.Combine(comfy, "models", "unet", "flux1-schnell.safetensors");
        var (codeDev, _, errDev) = Run("sample", "--model", "flux-dev", "--models", comfy, "--transformer", schnell, "--prompt", Prompt, "--out", output);
        Assert.Equal(1, codeDev);
        Assert.Equal("epochcompare: error: flux1-schnell.safetensors: a transformer without guidance input (schnell-type), but --model is flux-dev.", errDev.Trim());

        var (codeNone, _, errNone) = Run("sample", "--model", "flux-dev", "--models", comfy, "--prompt", Prompt, "--out", output);
        Assert.Equal(1, codeNone);
        Assert.Contains("no flux1-dev*.safetensors in unet/ or diffusion_models/", errNone);
        Assert.False(Directory.Exists(output));
    }
}
