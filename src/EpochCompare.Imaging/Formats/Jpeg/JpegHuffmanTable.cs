namespace EpochCompare.Imaging.Formats.Jpeg;

/// <summary>
/// A canonical Huffman table (ITU T.81 annex C) with a 9-bit direct lookup for short codes
/// and per-length max-code search (annex F.2.2.3) for the rest.
/// </summary>
internal sealed class JpegHuffmanTable
{
    public const int LookupBits = 9;

    // Entry: (code length << 8) | symbol, or 0 when the code is longer than LookupBits.
    private readonly ushort[] _lookup = new ushort[1 << LookupBits];
    private readonly int[] _maxCode = new int[18];
    private readonly int[] _valueOffset = new int[17];
    private readonly byte[] _values;

    public JpegHuffmanTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values)
    {
        _values = values.ToArray();
        int code = 0, k = 0;
        for (int length = 1; length <= 16; length++)
        {
            int n = counts[length - 1];
            _valueOffset[length] = k - code;
            for (int i = 0; i < n; i++, k++, code++)
            {
                if (code >= 1 << length)
                {
                    throw new InvalidDataException("JPEG Huffman table is over-subscribed (corrupt DHT segment).");
                }
                if (length <= LookupBits)
                {
                    int shift = LookupBits - length;
                    for (int fill = 0; fill < 1 << shift; fill++)
                    {
                        _lookup[(code << shift) | fill] = (ushort)((length << 8) | _values[k]);
                    }
                }
            }
            _maxCode[length] = n == 0 ? -1 : code - 1;
            code <<= 1;
        }
        _maxCode[17] = int.MaxValue;
    }

    /// <summary>Decodes one symbol given the next 16 bits of the stream (MSB first); returns the code length.</summary>
    public int Decode(int next16Bits, out byte symbol)
    {
        int entry = _lookup[next16Bits >> (16 - LookupBits)];
        if (entry != 0)
        {
            symbol = (byte)entry;
            return entry >> 8;
        }
        for (int length = LookupBits + 1; length <= 16; length++)
        {
            int code = next16Bits >> (16 - length);
            if (code <= _maxCode[length])
            {
                symbol = _values[code + _valueOffset[length]];
                return length;
            }
        }
        throw new InvalidDataException("JPEG entropy-coded data contains an invalid Huffman code (corrupt file).");
    }
}
