using System.Buffers.Binary;

namespace EpochCompare.Imaging.Text;

/// <summary>Bounds-checked big-endian reads from a font file, with errors that name the file.</summary>
internal sealed class FontDataReader(byte[] data, string source)
{
    public byte[] Data { get; } = data;

    public string Source { get; } = source;

    public int Length => Data.Length;

    public byte U8(int offset) => Slice(offset, 1)[0];

    public ushort U16(int offset) => BinaryPrimitives.ReadUInt16BigEndian(Slice(offset, 2));

    public short S16(int offset) => BinaryPrimitives.ReadInt16BigEndian(Slice(offset, 2));

    public uint U32(int offset) => BinaryPrimitives.ReadUInt32BigEndian(Slice(offset, 4));

    /// <summary>A 2.14 fixed-point number (composite glyph scales).</summary>
    public float F2Dot14(int offset) => S16(offset) / 16384f;

    public string Tag(int offset)
    {
        ReadOnlySpan<byte> b = Slice(offset, 4);
        return new string([(char)b[0], (char)b[1], (char)b[2], (char)b[3]]);
    }

    public ReadOnlySpan<byte> Slice(int offset, int length)
    {
        if (offset < 0 || length < 0 || (long)offset + length > Data.Length)
        {
            throw Fail($"read of {length} bytes at offset {offset} runs past the end ({Data.Length} bytes)");
        }
        return Data.AsSpan(offset, length);
    }

    public InvalidDataException Fail(string problem) => new($"{Source}: {problem}.");
}
