namespace EpochCompare.Imaging.Formats.Png;

/// <summary>One chunk as read from a file: its type and a view of its data.</summary>
internal readonly record struct PngChunk(string Type, ReadOnlyMemory<byte> Data)
{
    /// <summary>Critical chunks (uppercase first letter) must be understood to decode the image.</summary>
    public bool IsCritical => char.IsAsciiLetterUpper(Type[0]);
}
