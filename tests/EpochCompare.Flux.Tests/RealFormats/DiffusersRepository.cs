using System.Text.Json;

namespace EpochCompare.Flux.Tests.RealFormats;

/// <summary>A sparse black-forest-labs/FLUX.1-dev diffusers layout: model_index.json, text_encoder/, text_encoder_2/ (two shards + index), vae/.</summary>
internal static class DiffusersRepository
{
    public static string Write(string parent)
    {
        string root = Path.Combine(parent, "FLUX.1-dev");
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "model_index.json"), "{\"_class_name\": \"FluxPipeline\"}");

        string clip = Directory.CreateDirectory(Path.Combine(root, "text_encoder")).FullName;
        RawSafeTensors.Write(Path.Combine(clip, "model.safetensors"),
            [.. RealHeaders.ClipL(), new RawTensor("text_model.embeddings.position_ids", "I64", [1, 77])]);

        WriteShards(Directory.CreateDirectory(Path.Combine(root, "text_encoder_2")).FullName, RealHeaders.T5Xxl(), "model");

        string vae = Directory.CreateDirectory(Path.Combine(root, "vae")).FullName;
        RawSafeTensors.Write(Path.Combine(vae, "diffusion_pytorch_model.safetensors"), RealHeaders.Autoencoder(diffusers: true));
        return root;
    }

    /// <summary>Splits <paramref name="tensors"/> into two shards and writes their index, as HF's save_pretrained does.</summary>
    public static void WriteShards(string folder, List<RawTensor> tensors, string stem)
    {
        int half = tensors.Count / 2;
        string first = $"{stem}-00001-of-00002.safetensors", second = $"{stem}-00002-of-00002.safetensors";
        RawSafeTensors.Write(Path.Combine(folder, first), tensors[..half]);
        RawSafeTensors.Write(Path.Combine(folder, second), tensors[half..]);
        var map = tensors.Select((t, i) => (t.Name, File: i < half ? first : second)).ToDictionary(p => p.Name, p => p.File);
        File.WriteAllText(Path.Combine(folder, $"{stem}.safetensors.index.json"),
            JsonSerializer.Serialize(new { metadata = new { total_size = tensors.Sum(t => t.ByteCount) }, weight_map = map }));
    }
}
