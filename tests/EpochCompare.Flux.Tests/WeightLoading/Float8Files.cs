using System.Runtime.InteropServices;
using EpochCompare.Flux.SafeTensors;

namespace EpochCompare.Flux.Tests.WeightLoading;

/// <summary>
/// Test files in fp8 made from a float fixture without our quantiser: each chosen 2-D weight rounded to the
/// nearest e4m3fn value by a brute-force scan of all 256 codes (ties to the even code), written as F8_E4M3
/// (optionally with a ComfyUI <c>scale_weight</c>), next to a float32 file holding exactly the decoded values.
/// </summary>
internal static class Float8Files
{
    /// <summary>The e4m3fn code nearest to <paramref name="value"/>: saturating at ±448, halfway to the even code, NaN to 0x7F.</summary>
    public static byte NearestE4M3(float value)
    {
        if (float.IsNaN(value))
        {
            return 0x7F;
        }
        // Codes 0x00..0x7E are the non-negative finite values; the sign bit is separate.
        double magnitude = Math.Min(Math.Abs((double)value), 448.0);
        int best = 0;
        double bestDistance = double.PositiveInfinity;
        for (int code = 0; code < 0x7F; code++)
        {
            double distance = Math.Abs(Float8E4M3.ToSingle((byte)code) - magnitude);
            if (distance < bestDistance || (distance == bestDistance && (code & 1) == 0))
            {
                best = code;
                bestDistance = distance;
            }
        }
        return (byte)(float.IsNegative(value) ? best | 0x80 : best);
    }

    /// <summary>
    /// Writes <paramref name="fp8Path"/> (the weights <paramref name="quantize"/> picks in F8_E4M3, each with
    /// <paramref name="scale"/> as its <c>scale_weight</c> when not 1, and a <c>scaled_fp8</c> marker then; the
    /// rest F32) and <paramref name="decodedPath"/> (everything F32, the fp8 weights as decoded value × scale).
    /// Keys lose <paramref name="dropPrefix"/>; keys not starting with it are left out.
    /// </summary>
    public static void Write(string sourcePath, string dropPrefix, Func<string, IReadOnlyList<long>, bool> quantize, float scale,
        string fp8Path, string decodedPath)
    {
        using var source = SafeTensorsFile.Open(sourcePath);
        var fp8 = new List<RawTensor>();
        var decoded = new List<RawTensor>();
        foreach (SafeTensorEntry entry in source.Entries.Where(e => e.Name.StartsWith(dropPrefix, StringComparison.Ordinal)))
        {
            string name = entry.Name[dropPrefix.Length..];
            float[] values = source.ReadSingles(entry.Name);
            long[] shape = [.. entry.Shape];
            if (!quantize(name, entry.Shape))
            {
                fp8.Add(new RawTensor(name, "F32", shape, Bytes(values)));
                decoded.Add(new RawTensor(name, "F32", shape, Bytes(values)));
                continue;
            }
            byte[] codes = values.Select(v => NearestE4M3(v / scale)).ToArray();
            fp8.Add(new RawTensor(name, "F8_E4M3", shape, codes));
            decoded.Add(new RawTensor(name, "F32", shape, Bytes(codes.Select(c => Float8E4M3.ToSingle(c) * scale).ToArray())));
            if (scale != 1f)
            {
                fp8.Add(new RawTensor(name[..^".weight".Length] + ".scale_weight", "F32", [], Bytes([scale])));
            }
        }
        if (scale != 1f)
        {
            fp8.Add(new RawTensor("scaled_fp8", "F32", [0], []));
        }
        RawSafeTensors.Write(fp8Path, fp8);
        RawSafeTensors.Write(decodedPath, decoded);
    }

    private static byte[] Bytes(float[] values) => MemoryMarshal.AsBytes(values.AsSpan()).ToArray();
}
