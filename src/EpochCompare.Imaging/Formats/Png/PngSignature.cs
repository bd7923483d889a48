namespace EpochCompare.Imaging.Formats.Png;

/// <summary>The 8 bytes every PNG file starts with.</summary>
public static class PngSignature
{
    public static ReadOnlySpan<byte> Bytes => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static bool Matches(ReadOnlySpan<byte> data) => data.Length >= 8 && data[..8].SequenceEqual(Bytes);
}
