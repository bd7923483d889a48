using System.Security.Cryptography;

namespace EpochCompare.Demo;

/// <summary>
/// Files the project trained itself and ships beside the executable (Assets/), each with its sha256
/// recorded in Assets/SHA256SUMS so a stale or damaged copy is caught before it is used.
/// </summary>
public static class ShippedAssets
{
    public const string ConceptClassifier = "concept-classifier.safetensors";

    /// <summary>The flux-tiny base model (transformer and text encoder, float16), made by <c>pretrain-base --export</c>.</summary>
    public const string FluxTinyBase = "flux-tiny-base.safetensors";

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Assets");

    /// <summary>Full path of a shipped asset after checking it against its recorded sha256.</summary>
    public static string Verified(string name)
    {
        string path = Path.Combine(Folder, name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: shipped asset is missing; rebuild the project.", path);
        }
        string expected = RecordedHash(name);
        string actual = Sha256(path);
        if (!string.Equals(expected, actual, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{path}: sha256 {actual} does not match the recorded {expected}.");
        }
        return path;
    }

    public static string Sha256(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static string RecordedHash(string name)
    {
        string sums = Path.Combine(Folder, "SHA256SUMS");
        foreach (string line in File.ReadLines(sums))
        {
            string[] parts = line.Split("  ", 2);
            if (parts.Length == 2 && parts[1].Trim() == name)
            {
                return parts[0].Trim();
            }
        }
        throw new InvalidDataException($"{sums}: no sha256 recorded for {name}.");
    }
}
