namespace EpochCompare.Flux.RealModel;

/// <summary>
/// The four files a FLUX.1 user has: the transformer, CLIP-L, T5-XXL and the autoencoder. A ComfyUI all-in-one
/// checkpoint may serve as several of them (its bundled parts are found under their prefixes).
/// </summary>
public sealed record FluxModelFiles(string Transformer, string ClipL, string T5, string Autoencoder)
{
    /// <summary>
    /// Fills what is not given explicitly from a diffusers FLUX.1 repository (its four component folders) or a ComfyUI models folder (<paramref name="modelsFolder"/> is the ComfyUI
    /// root or its <c>models/</c>): <c>unet/</c> or <c>diffusion_models/</c>, <c>clip/</c> or <c>text_encoders/</c>,
    /// <c>vae/</c>. Without a folder, a missing text encoder or VAE is looked for in the transformer file (a bundle).
    /// </summary>
    public static FluxModelFiles Resolve(FluxVariant variant, string? modelsFolder, string? transformer, string? clipL, string? t5, string? autoencoder)
    {
        if (modelsFolder is not null && IsDiffusersRepository(modelsFolder))
        {
            transformer ??= Path.Combine(modelsFolder, "transformer");
            clipL ??= Path.Combine(modelsFolder, "text_encoder");
            t5 ??= Path.Combine(modelsFolder, "text_encoder_2");
            autoencoder ??= Path.Combine(modelsFolder, "vae");
            modelsFolder = null;
        }
        string? models = modelsFolder is null ? null : ModelsFolder(modelsFolder);
        transformer ??= models is null
            ? throw new ArgumentException($"--model {variant.Name}: give --transformer FILE or --models DIR.")
            : Pick(models, ["unet", "diffusion_models", "checkpoints"], name => name.Contains("flux", StringComparison.OrdinalIgnoreCase) && name.Contains(variant.FileHint, StringComparison.OrdinalIgnoreCase), $"flux1-{variant.FileHint}*.safetensors");
        clipL ??= models is null ? transformer : Pick(models, ["clip", "text_encoders"], name => name.StartsWith("clip_l", StringComparison.OrdinalIgnoreCase), "clip_l*.safetensors");
        t5 ??= models is null ? transformer : Pick(models, ["clip", "text_encoders"], name => name.StartsWith("t5xxl", StringComparison.OrdinalIgnoreCase), "t5xxl*.safetensors");
        autoencoder ??= models is null ? transformer : Pick(models, ["vae"], name => name.StartsWith("ae", StringComparison.OrdinalIgnoreCase) || name.Contains("flux", StringComparison.OrdinalIgnoreCase), "ae.safetensors");
        foreach (string path in new[] { transformer, clipL, t5, autoencoder })
        {
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new FileNotFoundException($"{path}: no such file or folder.", path);
            }
        }
        return new FluxModelFiles(transformer, clipL, t5, autoencoder);
    }

    /// <summary>A diffusers FLUX.1 repository (black-forest-labs/FLUX.1-dev as downloaded): transformer/, text_encoder/, text_encoder_2/, vae/.</summary>
    private static bool IsDiffusersRepository(string folder) =>
        Directory.Exists(Path.Combine(folder, "transformer"))
        && (File.Exists(Path.Combine(folder, "model_index.json")) || Directory.Exists(Path.Combine(folder, "text_encoder_2")));

    private static string ModelsFolder(string folder)
    {
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"{folder}: no such folder (--models takes a ComfyUI folder or its models/ folder).");
        }
        string nested = Path.Combine(folder, "models");
        return Directory.Exists(nested) ? nested : folder;
    }

    /// <summary>
    /// The one matching file in the first subfolder that has any; among several, the 16-bit one before an fp8 one
    /// , else it is ambiguous and the user names one.
    /// </summary>
    private static string Pick(string models, string[] subfolders, Func<string, bool> matches, string pattern)
    {
        foreach (string sub in subfolders)
        {
            string folder = Path.Combine(models, sub);
            if (!Directory.Exists(folder))
            {
                continue;
            }
            string[] found = Directory.GetFiles(folder, "*.safetensors")
                .Where(f => matches(Path.GetFileName(f)))
                .Order(StringComparer.Ordinal)
                .ToArray();
            if (found.Length == 1)
            {
                return found[0];
            }
            if (found.Length > 1)
            {
                string[] full = found.Where(f => !Path.GetFileName(f).Contains("fp8", StringComparison.OrdinalIgnoreCase)).ToArray();
                if (full.Length == 1)
                {
                    return full[0];
                }
                throw new InvalidDataException($"{folder}: {found.Length} files match {pattern} ({string.Join(", ", found.Select(Path.GetFileName))}); name one explicitly.");
            }
        }
        throw new FileNotFoundException($"{models}: no {pattern} in {string.Join(" or ", subfolders.Select(s => s + "/"))}.");
    }
}
