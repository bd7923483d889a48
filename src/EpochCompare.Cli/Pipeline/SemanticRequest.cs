using EpochCompare.Flux.Devices;

namespace EpochCompare.Cli.Pipeline;

/// <summary>The pretrained encoders <c>metrics</c> was given (either may be absent) and how to ask CLIP about each prompt.</summary>
internal sealed record SemanticRequest(string? ClipPath, string? DinoPath, ComputeDevice Device)
{
    /// <summary>Per prompt index, the concept given with <c>--concept N=...</c>.</summary>
    public IReadOnlyDictionary<int, string> Concepts { get; init; } = new Dictionary<int, string>();

    /// <summary>Trigger words to drop when deriving a prompt's concept (<c>--trigger</c>).</summary>
    public IReadOnlyList<string> Triggers { get; init; } = [];

    /// <summary>Where embeddings are cached (default: the output folder's <c>embeddings/</c>).</summary>
    public string? CacheDir { get; init; }

    public bool Any => ClipPath is not null || DinoPath is not null;

    /// <summary>Opens and checks the weights now (one line on failure), for commands that do long work before measuring.</summary>
    public void Validate()
    {
        using SemanticInputsBuilder builder = SemanticInputsBuilder.Open(this);
    }

    /// <summary>A weights argument may be the file or a Hugging Face snapshot folder holding <c>model.safetensors</c>.</summary>
    public static string ResolveWeights(string given, string option)
    {
        if (File.Exists(given))
        {
            return Path.GetFullPath(given);
        }
        if (Directory.Exists(given))
        {
            string model = Path.Combine(given, "model.safetensors");
            if (File.Exists(model))
            {
                return model;
            }
            var files = Directory.GetFiles(given, "*.safetensors");
            return files.Length == 1
                ? files[0]
                : throw new FileNotFoundException($"{given}: {option} folder holds {(files.Length == 0 ? "no" : files.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))} .safetensors files and no model.safetensors.");
        }
        throw new FileNotFoundException($"{given}: {option} weights not found.");
    }
}
