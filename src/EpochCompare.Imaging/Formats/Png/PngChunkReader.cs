using System.Buffers.Binary;
using System.Text;

namespace EpochCompare.Imaging.Formats.Png;

/// <summary>Walks the chunks after the signature, checking lengths and CRCs.</summary>
internal static class PngChunkReader
{
    public static IEnumerable<PngChunk> Read(ReadOnlyMemory<byte> file)
    {
        if (!PngSignature.Matches(file.Span))
        {
            throw new InvalidDataException(file.Length < 8 ? "PNG file is truncated before the signature ends." : "Not a PNG file (signature mismatch).");
        }
        int position = 8;
        while (true)
        {
            if (position == file.Length)
            {
                throw new InvalidDataException("PNG file is truncated: it ends without an IEND chunk.");
            }
            if (file.Length - position < 12)
            {
                throw new InvalidDataException($"PNG file is truncated inside a chunk header at byte {position}.");
            }
            ReadOnlySpan<byte> span = file.Span;
            uint length = BinaryPrimitives.ReadUInt32BigEndian(span[position..]);
            ReadOnlySpan<byte> typeBytes = span.Slice(position + 4, 4);
            foreach (byte b in typeBytes)
            {
                if (!char.IsAsciiLetter((char)b))
                {
                    throw new InvalidDataException($"PNG chunk at byte {position} has an invalid type (corrupt file).");
                }
            }
            string type = Encoding.ASCII.GetString(typeBytes);
            if (length > int.MaxValue || length > (uint)(file.Length - position - 12))
            {
                throw new InvalidDataException($"PNG file is truncated inside chunk {type} (needs {length} bytes).");
            }
            int dataStart = position + 8;
            uint stored = BinaryPrimitives.ReadUInt32BigEndian(span[(dataStart + (int)length)..]);
            uint actual = Crc32.Compute(span.Slice(position + 4, (int)length + 4));
            if (stored != actual)
            {
                throw new InvalidDataException($"PNG chunk {type} at byte {position} fails its CRC check (corrupt file).");
            }
            yield return new PngChunk(type, file.Slice(dataStart, (int)length));
            position = dataStart + (int)length + 4;
            if (type == PngChunkType.End)
            {
                yield break;
            }
        }
    }
}
