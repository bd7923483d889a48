using System.Text.Json;
using static EpochCompare.Cli.Tests.CliRunner;
using EpochCompare.Cli;
using EpochCompare.Flux.SafeTensors;

namespace EpochCompare.Cli.Tests;

public sealed class InspectCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ec-inspect-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Lora(string name, IEnumerable<(string Key, long[] Shape)> tensors, Dictionary<string, string> metadata)
    {
        string path = Path.Combine(_dir, name);
        SafeTensorsWriter.Write(path, tensors.Select(t => SafeTensorToWrite.F32(t.Key, t.Shape, Enumerable.Repeat(4f, (int)t.Shape.Aggregate(1L, (a, b) => a * b)).ToArray())), metadata);
        return path;
    }

    [Fact]
    public void OneRowPerFileSayingWhatItIs()
    {
        string kohya = Lora("ohwx-000025.safetensors",
        [
            ("lora_unet_double_blocks_0_img_attn_qkv.lora_down.weight", [8, 128]), ("lora_unet_double_blocks_0_img_attn_qkv.lora_up.weight", [384, 8]),
            ("lora_unet_double_blocks_0_img_attn_qkv.alpha", []),
            ("lora_te1_text_model_encoder_layers_0_mlp_fc1.lora_down.weight", [4, 768]), ("lora_te1_text_model_encoder_layers_0_mlp_fc1.lora_up.weight", [3072, 4]),
        ], new() { ["ss_epoch"] = "25", ["ss_steps"] = "2500", ["ss_network_module"] = "networks.lora_flux" });
        string onetrainer = Lora("2024-11-30_12-00-00-save-1500-3-0.safetensors",
        [
            ("lora_transformer_transformer_blocks_0_attn_to_q.lora_down.weight", [16, 128]), ("lora_transformer_transformer_blocks_0_attn_to_q.lora_up.weight", [128, 16]),
            ("lora_transformer_transformer_blocks_0_attn_to_q.alpha", []),
        ], new() { ["ot_branch"] = "master", ["modelspec.architecture"] = "Flux.1-dev/lora" });
        string dora = Lora("dora.safetensors",
        [
            ("transformer.transformer_blocks.0.attn.to_q.lora_A.weight", [4, 128]), ("transformer.transformer_blocks.0.attn.to_q.lora_B.weight", [128, 4]),
            ("transformer.transformer_blocks.0.attn.to_q.lora_magnitude_vector", [128]),
        ], []);
        string gguf = Path.Combine(_dir, "flux1-dev-Q8_0.gguf");
        File.WriteAllBytes(gguf, [.. "GGUF"u8, 3, 0, 0, 0]);
        string shipped = EpochCompare.Demo.ShippedAssets.Verified(EpochCompare.Demo.ShippedAssets.FluxTinyBase);

        var (code, output, error) = Run("inspect", kohya, onetrainer, dora, gguf, shipped);

        Assert.True(code == CliApp.ExitOk, error);
        string[] lines = output.Trim().Split('\n');
        Assert.Equal(6, lines.Length);
        Assert.StartsWith("file", lines[0]);
        Assert.Matches(@"ohwx-000025\.safetensors\s+LoRA: kohya sd-scripts, LoRA\s+F32 x5\s+r 8 / alpha 4\s+1 modules \(\+1 text encoder, skipped\)\s+25\s+2500", lines[1]);
        Assert.Matches(@"OneTrainer \(legacy lora_transformer_\), LoRA.*r 16 / alpha 4.*\s1500\s*$", lines[2]);
        Assert.Contains("LoRA: diffusers / PEFT (transformer.), DoRA", lines[3]);
        Assert.Contains("refused: GGUF file", lines[4]);
        Assert.Matches(@"flux-tiny-base\.safetensors\s+FLUX transformer \(BFL\) \+ text_encoder \(flux-tiny\)\s+flux-tiny\s+F16 x116.*all keys match", lines[5]);
    }

    [Fact]
    public void JsonListsEveryFieldAndABrokenFileIsOneLineAndExitOne()
    {
        string kohya = Lora("ohwx.safetensors",
        [
            ("lora_unet_single_blocks_1_linear1.lora_down.weight", [4, 128]), ("lora_unet_single_blocks_1_linear1.lora_up.weight", [896, 4]),
        ], new() { ["ss_epoch"] = "10", ["ss_network_args"] = "{\"split_qkv\": \"True\"}" });
        string broken = Path.Combine(_dir, "broken.safetensors");
        File.WriteAllBytes(broken, [1, 2, 3]);

        var (code, output, error) = Run("inspect", kohya, broken, "--json");

        Assert.Equal(CliApp.ExitFailure, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("broken.safetensors", error);
        using JsonDocument json = JsonDocument.Parse(output);
        JsonElement first = json.RootElement[0];
        Assert.Equal("Lora", first.GetProperty("layout").GetString());
        Assert.Equal(10, first.GetProperty("epoch").GetInt32());
        Assert.True(first.GetProperty("lora").GetProperty("split_qkv").GetBoolean());
        Assert.Equal(4, first.GetProperty("lora").GetProperty("ranks")[0].GetInt32());
        Assert.Contains("broken.safetensors", json.RootElement[1].GetProperty("error").GetString());
    }
}
