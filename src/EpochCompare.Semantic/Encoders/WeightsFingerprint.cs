using System.Security.Cryptography;
using EpochCompare.Flux.SafeTensors;

namespace EpochCompare.Semantic.Encoders;

/// <summary>A cheap identity of a weights file: SHA-256 of its header and length (the data are not read).</summary>
internal static class WeightsFingerprint
{
    public static string Of(SafeTensorsFile file, string preprocessing, string extra = "")
    {
        using var stream = File.OpenRead(file.Path);
        var head = new byte[checked((int)Math.Min(stream.Length, file.Header.DataStart))];
        stream.ReadExactly(head);
        byte[] hash = SHA256.HashData([.. head, .. BitConverter.GetBytes(stream.Length), .. System.Text.Encoding.UTF8.GetBytes(preprocessing + "|" + extra)]);
        return Convert.ToHexString(hash)[..16].ToLowerInvariant();
    }
}
