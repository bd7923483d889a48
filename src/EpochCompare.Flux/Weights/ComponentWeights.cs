using EpochCompare.Flux.Autoencoder;
using EpochCompare.Flux.SafeTensors;

namespace EpochCompare.Flux.Weights;

/// <summary>
/// Finds one component's tensors in what a user has: a separate file (<c>clip_l.safetensors</c>, <c>t5xxl_fp16.safetensors</c>,
/// <c>ae.safetensors</c>), a ComfyUI all-in-one checkpoint (under its prefix), a diffusers folder (<c>text_encoder/</c>,
/// <c>text_encoder_2/</c> sharded with an index, <c>vae/</c> in diffusers names), or a diffusers repository root.
/// Every failure is one line naming the file and the problem.
/// </summary>
public sealed class ComponentWeights : IDisposable
{
    private readonly List<SafeTensorsFile> _files;

    private ComponentWeights(ModelComponent component, string name, List<SafeTensorsFile> files, TensorSource source, string layout)
    {
        Component = component;
        Name = name;
        _files = files;
        Source = source;
        Layout = layout;
    }

    public ModelComponent Component { get; }

    /// <summary>The file or folder name, for messages.</summary>
    public string Name { get; }

    /// <summary>The tensors under our names (BFL for the autoencoder, HF for the text encoders).</summary>
    public TensorSource Source { get; }

    /// <summary>What was recognised, e.g. "bundled under 'vae.'" or "diffusers AutoencoderKL names".</summary>
    public string Layout { get; }

    public static ComponentWeights Open(string path, ModelComponent component)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(path));
        if (Directory.Exists(path))
        {
            if (File.Exists(Path.Combine(path, "model_index.json")))
            {
                return Open(Path.Combine(path, component.DiffusersFolder()), component);
            }
            return FromFiles(component, name, OpenFolder(path));
        }
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file or folder (the {component.Title()}).");
        }
        return FromFiles(component, name, [SafeTensorsFile.Open(path)]);
    }

    public void Dispose()
    {
        foreach (SafeTensorsFile file in _files)
        {
            file.Dispose();
        }
    }

    private static ComponentWeights FromFiles(ModelComponent component, string name, List<SafeTensorsFile> files)
    {
        try
        {
            foreach (string prefix in component.Prefixes())
            {
                if (files.Any(f => f.Contains(prefix + component.ProbeKey())))
                {
                    string layout = prefix.Length == 0 ? "separate file" : $"bundled under '{prefix}'";
                    return new ComponentWeights(component, name, files, new TensorSource(files, prefix), layout);
                }
                if (component == ModelComponent.Autoencoder && files.Any(f => f.Contains(prefix + DiffusersVaeNames.ProbeKey)))
                {
                    var source = new TensorSource(files, prefix);
                    int levels = source.Keys.Count(k => k.StartsWith("encoder.down_blocks.", StringComparison.Ordinal) && k.EndsWith(".resnets.0.conv1.weight", StringComparison.Ordinal));
                    TensorSource renamed = source.Renamed(key => DiffusersVaeNames.ToBfl(key, levels) ?? "unmapped." + key);
                    return new ComponentWeights(component, name, files, renamed, "diffusers AutoencoderKL names");
                }
            }
            throw new InvalidDataException($"{name}: not a {component.Title()}{Identify(files, component)}.");
        }
        catch
        {
            files.ForEach(f => f.Dispose());
            throw;
        }
    }

    /// <summary>Names what the files hold instead, so "T5 given as CLIP" reads as such.</summary>
    private static string Identify(List<SafeTensorsFile> files, ModelComponent wanted)
    {
        foreach (ModelComponent other in Enum.GetValues<ModelComponent>().Where(c => c != wanted))
        {
            if (other.Prefixes().Any(p => files.Any(f => f.Contains(p + other.ProbeKey()))))
            {
                return $": it holds a {other.Title()}";
            }
        }
        if (files.Any(f => f.Contains("double_blocks.0.img_attn.qkv.weight") || f.Contains("model.diffusion_model.double_blocks.0.img_attn.qkv.weight")))
        {
            return ": it holds a FLUX transformer";
        }
        string? first = files.SelectMany(f => f.Names).FirstOrDefault();
        return first is null ? ": it holds no tensors" : $": unknown layout (no '{wanted.ProbeKey()}' under any known prefix; first key '{first}')";
    }

    /// <summary>A component folder: shards with their index, or the one safetensors file in it.</summary>
    private static List<SafeTensorsFile> OpenFolder(string folder)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        string[] indexes = Directory.GetFiles(folder, "*.safetensors.index.json");
        if (indexes.Length > 0)
        {
            return SafeTensorShards.Open(indexes[0]);
        }
        string[] files = Directory.GetFiles(folder, "*.safetensors");
        if (files.Length != 1)
        {
            throw new InvalidDataException($"{name}: expected one .safetensors file or a *.safetensors.index.json, found {files.Length} .safetensors files.");
        }
        return [SafeTensorsFile.Open(files[0])];
    }
}
