using EpochCompare.Imaging.Metadata;

namespace EpochCompare.Imaging.Tests.Metadata;

public sealed class GenerationInfoTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ec-meta-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // Forge's infotext for a FLUX image from an X/Y/Z plot over LoRA epochs (Prompt S/R on the LoRA name).
    internal const string ForgeInfotext =
        "ohwx car, 3D render, <lora:ohwx-000010:1>\n" +
        "Negative prompt: blurry\n" +
        "Steps: 20, Sampler: Euler, Schedule type: Simple, CFG scale: 1, Distilled CFG Scale: 3.5, Seed: 1234, Size: 512x512, " +
        "Model hash: 0a1b2c3d4e, Model: flux1-dev-fp8, Lora hashes: \"ohwx-000010: 9f8e7d6c5b4a\", Version: f2.0.1v1.10.1-previous-313-g8d2b9f1, " +
        "Script: X/Y/Z plot, X Type: Prompt S/R, X Values: \"ohwx-000010, ohwx-000020\"";

    [Fact]
    public void A1111InfotextGivesPromptWithoutLoraTokensSeedAndLora()
    {
        GenerationInfo info = A1111Parameters.Parse(ForgeInfotext)!;
        Assert.Equal(GenerationSource.A1111, info.Source);
        Assert.Equal("ohwx car, 3D render", info.Prompt);
        Assert.Equal(1234L, info.Seed);
        Assert.Equal([new LoraUse("ohwx-000010", 1.0)], info.Loras);
    }

    [Fact]
    public void A1111LoraHashesNameTheLoraWhenThePromptHasNoToken()
    {
        GenerationInfo info = A1111Parameters.Parse(
            "ohwx car\nSteps: 20, Seed: 7, Lora hashes: \"ohwx-step00000500: abc123, style: def456\", Version: v1.10.1")!;
        Assert.Equal("ohwx car", info.Prompt);
        Assert.Equal(["ohwx-step00000500", "style"], info.Loras.Select(l => l.Name));
    }

    [Fact]
    public void A1111QuotedValuesKeepTheirCommasAndColons()
    {
        var values = A1111Parameters.ParseValues("Steps: 20, X Values: \"a, b: c\", Seed: 3");
        Assert.Equal("a, b: c", values["X Values"]);
        Assert.Equal("3", values["Seed"]);
    }

    [Fact]
    public void ComfyGraphSeedPromptThroughFluxGuidanceAndLoraStrength()
    {
        GenerationInfo info = ComfyPromptGraph.Parse(ComfyGraph("ohwx-000010.safetensors", 0.8, 99))!;
        Assert.Equal(GenerationSource.ComfyUI, info.Source);
        Assert.Equal("ohwx car, 3D render", info.Prompt);
        Assert.Equal(99L, info.Seed);
        Assert.Equal([new LoraUse("ohwx-000010.safetensors", 0.8)], info.Loras);
    }

    [Fact]
    public void ComfyCustomSamplerReadsRandomNoiseAndTheGuider()
    {
        const string graph = """
            {"10": {"inputs": {"noise_seed": 5}, "class_type": "RandomNoise"},
             "11": {"inputs": {"model": ["12", 0], "conditioning": ["13", 0]}, "class_type": "BasicGuider"},
             "12": {"inputs": {"unet_name": "flux1-dev.safetensors", "weight_dtype": "default"}, "class_type": "UNETLoader"},
             "13": {"inputs": {"clip_l": "ohwx", "t5xxl": "ohwx revolver", "guidance": 3.5, "clip": ["14", 0]}, "class_type": "CLIPTextEncodeFlux"},
             "15": {"inputs": {"noise": ["10", 0], "guider": ["11", 0], "sampler": ["16", 0], "sigmas": ["17", 0], "latent_image": ["18", 0]}, "class_type": "SamplerCustomAdvanced"}}
            """;
        GenerationInfo info = ComfyPromptGraph.Parse(graph)!;
        Assert.Equal("ohwx revolver", info.Prompt);
        Assert.Equal(5L, info.Seed);
        Assert.Empty(info.Loras);
    }

    [Fact]
    public void SwarmParametersJsonGivesPromptSeedLorasAndWeights()
    {
        GenerationInfo info = SwarmParameters.Parse(SwarmJson("ohwx-000020", "0.5", 3))!;
        Assert.Equal(GenerationSource.SwarmUI, info.Source);
        Assert.Equal("ohwx car, 3D render", info.Prompt);
        Assert.Equal(3L, info.Seed);
        Assert.Equal([new LoraUse("ohwx-000020", 0.5)], info.Loras);
    }

    [Theory]
    [InlineData(PngWithText.Kind.Text)]
    [InlineData(PngWithText.Kind.CompressedText)]
    [InlineData(PngWithText.Kind.International)]
    [InlineData(PngWithText.Kind.CompressedInternational)]
    public void PngTextChunksAreReadInEveryEncoding(PngWithText.Kind kind)
    {
        string path = Path.Combine(_dir, "x.png");
        PngWithText.Write(path, ("parameters", ForgeInfotext, kind), ("other", "y", PngWithText.Kind.Text));
        var texts = PngTextChunks.Read(path);
        Assert.Equal(ForgeInfotext, texts["parameters"]);
        Assert.Equal("y", texts["other"]);
        Assert.Equal("ohwx car, 3D render", GenerationInfo.Read(path)!.Prompt);
    }

    [Fact]
    public void NonPngAndTextlessFilesHaveNoInfo()
    {
        string jpeg = Path.Combine(_dir, "x.png");
        File.WriteAllBytes(jpeg, [0xFF, 0xD8, 0xFF, 0xE0, 0, 0]);
        Assert.Empty(PngTextChunks.Read(jpeg));
        Assert.Null(GenerationInfo.Read(jpeg));
        string bare = Path.Combine(_dir, "bare.png");
        PngWithText.Write(bare);
        Assert.Null(GenerationInfo.Read(bare));
    }

    /// <summary>A ComfyUI FLUX workflow in API format (as SaveImage embeds it): LoRA on the model, FluxGuidance on the text.</summary>
    internal static string ComfyGraph(string loraName, double strength, long seed) => $$$"""
        {"6": {"inputs": {"text": "ohwx car, 3D render", "clip": ["11", 0]}, "class_type": "CLIPTextEncode", "_meta": {"title": "CLIP Text Encode (Positive Prompt)"}},
         "8": {"inputs": {"samples": ["13", 0], "vae": ["10", 0]}, "class_type": "VAEDecode"},
         "9": {"inputs": {"filename_prefix": "ComfyUI", "images": ["8", 0]}, "class_type": "SaveImage"},
         "10": {"inputs": {"vae_name": "ae.safetensors"}, "class_type": "VAELoader"},
         "11": {"inputs": {"clip_name1": "t5xxl_fp16.safetensors", "clip_name2": "clip_l.safetensors", "type": "flux"}, "class_type": "DualCLIPLoader"},
         "12": {"inputs": {"unet_name": "flux1-dev.safetensors", "weight_dtype": "default"}, "class_type": "UNETLoader"},
         "13": {"inputs": {"seed": {{{seed}}}, "steps": 20, "cfg": 1.0, "sampler_name": "euler", "scheduler": "simple", "denoise": 1.0,
                "model": ["30", 0], "positive": ["26", 0], "negative": ["33", 0], "latent_image": ["27", 0]}, "class_type": "KSampler"},
         "26": {"inputs": {"guidance": 3.5, "conditioning": ["6", 0]}, "class_type": "FluxGuidance"},
         "27": {"inputs": {"width": 512, "height": 512, "batch_size": 1}, "class_type": "EmptySD3LatentImage"},
         "30": {"inputs": {"lora_name": "{{{loraName}}}", "strength_model": {{{strength.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}, "model": ["12", 0]}, "class_type": "LoraLoaderModelOnly"},
         "33": {"inputs": {"text": "", "clip": ["11", 0]}, "class_type": "CLIPTextEncode"}}
        """;

    internal static string SwarmJson(string lora, string weight, long seed) => $$"""
        {
          "sui_image_params": {
            "prompt": "ohwx car, 3D render",
            "negativeprompt": "",
            "model": "flux1-dev",
            "seed": {{seed}},
            "steps": 20,
            "cfgscale": 1,
            "fluxguidancescale": 3.5,
            "width": 512,
            "height": 512,
            "loras": ["{{lora}}"],
            "loraweights": ["{{weight}}"],
            "swarm_version": "0.9.5.2"
          },
          "sui_extra_data": {"date": "2024-11-01", "prep_time": "0.01 sec", "generation_time": "5.20 sec"}
        }
        """;
}
