using System.Security.Cryptography;
using EpochCompare.Imaging;
using EpochCompare.Imaging.Formats;
using EpochCompare.Semantic.Preprocessing;

namespace EpochCompare.Semantic.Encoders;

/// <summary>
/// Vectors per image content (SHA-256 of the decoded pixels) and encoder, in one file per encoder
/// fingerprint, so re-running after adding checkpoints only encodes the new images. The file is
/// replaced atomically; an unreadable cache is ignored (recomputed), never trusted.
/// </summary>
public sealed class EmbeddingCache
{
    private const uint Magic = 0x45434531; // "ECE1"

    private readonly string _directory;

    public EmbeddingCache(string directory) => _directory = directory;

    /// <summary>How many images the last <see cref="Embed"/> call actually encoded (the rest came from the cache).</summary>
    public int LastComputed { get; private set; }

    public static string ContentHash(RgbaImage image)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        sha.AppendData(BitConverter.GetBytes(image.Width));
        sha.AppendData(BitConverter.GetBytes(image.Height));
        sha.AppendData(image.Pixels);
        return Convert.ToHexString(sha.GetHashAndReset());
    }

    /// <summary>Vectors for <paramref name="images"/> in order; <paramref name="onDone"/> reports (done, total) as batches finish.</summary>
    public IReadOnlyList<float[]> Embed(IImageEmbedder embedder, IReadOnlyList<RgbaImage> images, Action<int, int>? onDone = null, int chunk = 8)
    {
        string path = Path.Combine(_directory, embedder.Fingerprint + ".bin");
        Dictionary<string, float[]> known = Read(path);
        var hashes = images.Select(ContentHash).ToList();
        var missing = hashes.Select((h, i) => (h, i)).Where(x => !known.ContainsKey(x.h)).DistinctBy(x => x.h).ToList();
        int done = images.Count - missing.Count;
        onDone?.Invoke(done, images.Count);
        for (int start = 0; start < missing.Count; start += chunk)
        {
            var part = missing.Skip(start).Take(chunk).ToList();
            IReadOnlyList<float[]> vectors = embedder.Embed([.. part.Select(x => RgbPixels.FromRgba(images[x.i]))]);
            for (int k = 0; k < part.Count; k++)
            {
                known[part[k].h] = vectors[k];
            }
            done += part.Count;
            onDone?.Invoke(Math.Min(done, images.Count), images.Count);
        }
        LastComputed = missing.Count;
        if (missing.Count > 0)
        {
            Write(path, known);
        }
        return [.. hashes.Select(h => known[h])];
    }

    private static Dictionary<string, float[]> Read(string path)
    {
        var known = new Dictionary<string, float[]>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return known;
        }
        try
        {
            using var reader = new BinaryReader(File.OpenRead(path));
            if (reader.ReadUInt32() != Magic)
            {
                return known;
            }
            int count = reader.ReadInt32(), dim = reader.ReadInt32();
            for (int i = 0; i < count; i++)
            {
                string hash = Convert.ToHexString(reader.ReadBytes(32));
                var v = new float[dim];
                for (int d = 0; d < dim; d++)
                {
                    v[d] = reader.ReadSingle();
                }
                known[hash] = v;
            }
            return known;
        }
        catch (EndOfStreamException)
        {
            return new Dictionary<string, float[]>(StringComparer.Ordinal);
        }
    }

    private void Write(string path, Dictionary<string, float[]> known)
    {
        Directory.CreateDirectory(_directory);
        int dim = known.Values.First().Length;
        AtomicFile.Write(path, stream =>
        {
            using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
            writer.Write(Magic);
            writer.Write(known.Count);
            writer.Write(dim);
            foreach ((string hash, float[] v) in known.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                writer.Write(Convert.FromHexString(hash));
                foreach (float x in v)
                {
                    writer.Write(x);
                }
            }
        });
    }
}
