namespace EpochCompare.Imaging.Metadata;

/// <summary>A LoRA applied to an image, as the generating UI recorded it (file name without extension).</summary>
public sealed record LoraUse(string Name, double Strength);

/// <summary>Which UI wrote an image's generation parameters.</summary>
public enum GenerationSource
{
    /// <summary>AUTOMATIC1111 / Forge infotext in the <c>parameters</c> text.</summary>
    A1111,
    /// <summary>ComfyUI's API-format graph in the <c>prompt</c> text.</summary>
    ComfyUI,
    /// <summary>SwarmUI's JSON (<c>sui_image_params</c>) in the <c>parameters</c> text.</summary>
    SwarmUI,
}

/// <summary>
/// What an image's embedded metadata says about how it was made: the prompt (LoRA tokens removed, so
/// the same prompt across epochs reads the same), the seed and the LoRAs with their strengths.
/// </summary>
public sealed record GenerationInfo(GenerationSource Source, string Prompt, long? Seed, IReadOnlyList<LoraUse> Loras)
{
    /// <summary>Reads a PNG's text chunks; null when the image carries no parameters we know.</summary>
    public static GenerationInfo? Read(string path)
    {
        IReadOnlyDictionary<string, string> texts;
        try
        {
            texts = PngTextChunks.Read(path);
        }
        catch (IOException)
        {
            return null;
        }
        return FromTexts(texts);
    }

    public static GenerationInfo? FromTexts(IReadOnlyDictionary<string, string> texts)
    {
        if (texts.TryGetValue("parameters", out string? parameters))
        {
            return parameters.TrimStart().StartsWith('{') ? SwarmParameters.Parse(parameters) : A1111Parameters.Parse(parameters);
        }
        return texts.TryGetValue("prompt", out string? graph) ? ComfyPromptGraph.Parse(graph) : null;
    }
}
