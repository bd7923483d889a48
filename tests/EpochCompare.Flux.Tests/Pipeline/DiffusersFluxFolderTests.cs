using System.Text.Json;
using System.Text.Json.Nodes;
using EpochCompare.Flux.Autoencoder;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.RealModel;
using EpochCompare.Flux.TextEncoders.Clip;
using EpochCompare.Flux.TextEncoders.T5;
using EpochCompare.Flux.Tests.Checkpoints;
using EpochCompare.Flux.Tests.Lora.Producers;
using EpochCompare.Flux.Tests.RealFormats;
using EpochCompare.Flux.Transformer;
using EpochCompare.Flux.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.Pipeline;

/// <summary>
/// <c>sample --models</c> on a diffusers FLUX.1 repository at a tiny config: transformer/ in two shards with its
/// index (diffusers names, q/k/v split), text_encoder/, text_encoder_2/ (two shards), vae/. The pipeline finds the
/// four folders, checks them, and loads the transformer equal to the weights written; a missing index entry or shard
/// is one line naming the file.
/// </summary>
public class DiffusersFluxFolderTests
{
    /// <summary>The transformer of <see cref="TransformerCheckpointTests.ToDiffusers"/> (h 16), widened to the tiny encoders and 16 latent channels.</summary>
    private static readonly FluxParams P = ProducerMergeCheck.P with { VecInDim = 64, ContextInDim = 32, InChannels = 64, OutChannels = 64 };
    private static readonly ClipTextConfig Clip = new(49408, 64, 1, 1, 128, 77, ClipActivation.QuickGelu, 1e-5, 49407);
    private static readonly T5Config T5 = new(32128, 32, 8, 4, 48, 1, 32, 128, 1e-6);
    private static readonly AutoencoderConfig Vae = new(3, 32, 3, [1, 2], 1, 16, 0.3611, 0.1159);

    private static List<RawTensor> Tensors(nn.Module module) => [.. ModuleWeights.Targets(module)
        .OrderBy(kv => kv.Key, StringComparer.Ordinal)
        .Select(kv => new RawTensor(kv.Key, "F32", kv.Value.shape, ProducerLora.Encode("F32", [.. kv.Value.detach().to_type(ScalarType.Float32).contiguous().data<float>().Select(v => (double)v)])))];

    /// <summary>Writes the repository; returns it and the transformer's weights by BFL key.</summary>
    private static (string Root, Dictionary<string, float[]> Transformer) WriteRepository(TempDirectory dir)
    {
        string root = Directory.CreateDirectory(dir.File("FLUX.1-dev")).FullName;
        File.WriteAllText(Path.Combine(root, "model_index.json"), "{\"_class_name\": \"FluxPipeline\"}");
        using var transformer = new FluxTransformer(P);
        var weights = transformer.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.contiguous().data<float>().ToArray(), StringComparer.Ordinal);
        var diffusers = transformer.state_dict()
            .SelectMany(kv => TransformerCheckpointTests.ToDiffusers(kv.Key, kv.Value.shape, [.. weights[kv.Key].Select(v => (double)v)]))
            .OrderBy(t => t.Key, StringComparer.Ordinal)
            .Select(t => new RawTensor(t.Key, "F32", t.Shape, ProducerLora.Encode("F32", t.Values)))
            .ToList();
        string folder = Directory.CreateDirectory(Path.Combine(root, "transformer")).FullName;
        DiffusersRepository.WriteShards(folder, diffusers, "diffusion_pytorch_model");
        File.WriteAllText(Path.Combine(folder, "config.json"),
            "{\"_class_name\": \"FluxTransformer2DModel\", \"attention_head_dim\": 16, \"axes_dims_rope\": [4, 6, 6], \"num_layers\": 2, \"num_single_layers\": 2, \"guidance_embeds\": true}");
        using (var clip = new ClipTextModel(Clip))
        {
            RawSafeTensors.Write(Path.Combine(Directory.CreateDirectory(Path.Combine(root, "text_encoder")).FullName, "model.safetensors"), Tensors(clip));
        }
        using (var t5 = new T5EncoderModel(T5))
        {
            DiffusersRepository.WriteShards(Directory.CreateDirectory(Path.Combine(root, "text_encoder_2")).FullName, Tensors(t5), "model");
        }
        using (var vae = new FluxAutoencoder(Vae))
        {
            RawSafeTensors.Write(Path.Combine(Directory.CreateDirectory(Path.Combine(root, "vae")).FullName, "diffusion_pytorch_model.safetensors"), Tensors(vae));
        }
        return (root, weights);
    }

    [Fact]
    public void Models_finds_the_four_folders_and_the_sharded_transformer_loads_as_written()
    {
        using var dir = new TempDirectory();
        (string root, Dictionary<string, float[]> expected) = WriteRepository(dir);

        FluxModelFiles files = FluxModelFiles.Resolve(FluxVariant.Dev, root, null, null, null, null);
        Assert.Equal(Path.Combine(root, "transformer"), files.Transformer);
        Assert.Equal(Path.Combine(root, "text_encoder"), files.ClipL);
        Assert.Equal(Path.Combine(root, "text_encoder_2"), files.T5);
        Assert.Equal(Path.Combine(root, "vae"), files.Autoencoder);

        using FluxPipelineFiles pipeline = FluxPipelineFiles.Open(files, FluxVariant.Dev);
        Assert.Equal(P, pipeline.TransformerParams);
        using FluxTransformer model = pipeline.LoadTransformer(CPU, new LoadPrecision(ScalarType.Float32));
        var loaded = model.state_dict();
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), loaded.Keys.Order(StringComparer.Ordinal));
        foreach ((string key, float[] values) in expected)
        {
            Assert.Equal(values, loaded[key].contiguous().data<float>().ToArray());
        }

        var schnell = Assert.Throws<InvalidDataException>(() => FluxPipelineFiles.Open(files, FluxVariant.Schnell));
        Assert.Equal("transformer: a guidance-distilled (dev-type) transformer, but --model is flux-schnell.", schnell.Message);
    }

    [Fact]
    public void A_missing_index_entry_or_shard_is_one_line_naming_the_file()
    {
        using var dir = new TempDirectory();
        (string root, _) = WriteRepository(dir);
        string folder = Path.Combine(root, "transformer");
        string index = Path.Combine(folder, "diffusion_pytorch_model.safetensors.index.json");
        FluxModelFiles files = FluxModelFiles.Resolve(FluxVariant.Dev, root, null, null, null, null);
        string original = File.ReadAllText(index);

        JsonNode json = JsonNode.Parse(original)!;
        json["weight_map"]!.AsObject().Remove("transformer_blocks.0.attn.to_k.weight");
        File.WriteAllText(index, json.ToJsonString());
        var unlisted = Assert.Throws<InvalidDataException>(() => FluxPipelineFiles.Open(files, FluxVariant.Dev));
        Assert.Equal("diffusion_pytorch_model.safetensors.index.json: no index entry for 'transformer_blocks.0.attn.to_k.weight' (in diffusion_pytorch_model-00002-of-00002.safetensors).", unlisted.Message);

        File.WriteAllText(index, original);
        File.Delete(Path.Combine(folder, "diffusion_pytorch_model-00002-of-00002.safetensors"));
        var missing = Assert.Throws<InvalidDataException>(() => FluxPipelineFiles.Open(files, FluxVariant.Dev));
        Assert.Equal("diffusion_pytorch_model.safetensors.index.json: shard 'diffusion_pytorch_model-00002-of-00002.safetensors' named in the index is missing.", missing.Message);
    }
}
