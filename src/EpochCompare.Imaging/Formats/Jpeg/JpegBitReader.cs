namespace EpochCompare.Imaging.Formats.Jpeg;

/// <summary>
/// Reads entropy-coded bits MSB first, removing 0xFF00 byte stuffing. At a marker it supplies
/// zero bits (the padding a scan may legally end with) and leaves the marker for the caller;
/// running off the end of the file is an error, since the image data would be incomplete.
/// </summary>
internal sealed class JpegBitReader(byte[] data, int start)
{
    private ulong _buffer;
    private int _bitCount;

    /// <summary>Position of the next unread byte (a marker's 0xFF once one is reached).</summary>
    public int Position { get; private set; } = start;

    public bool AtMarker { get; private set; }

    public int PeekBits16()
    {
        if (_bitCount < 16)
        {
            Fill();
        }
        return (int)(_buffer >> (_bitCount - 16)) & 0xFFFF;
    }

    public void Skip(int bits) => _bitCount -= bits;

    public int ReadBits(int count)
    {
        if (count == 0)
        {
            return 0;
        }
        if (_bitCount < count)
        {
            Fill();
        }
        _bitCount -= count;
        return (int)(_buffer >> _bitCount) & ((1 << count) - 1);
    }

    public int ReadBit() => ReadBits(1);

    /// <summary>Reads <paramref name="count"/> bits as a signed DCT magnitude (T.81 F.2.2.1 EXTEND).</summary>
    public int ReceiveExtend(int count)
    {
        if (count == 0)
        {
            return 0;
        }
        int value = ReadBits(count);
        return value < 1 << (count - 1) ? value - (1 << count) + 1 : value;
    }

    /// <summary>Drops buffered bits and moves past a restart marker, which must be next.</summary>
    public void ConsumeRestartMarker()
    {
        _bitCount = 0;
        _buffer = 0;
        AtMarker = false;
        // Tolerate fill bytes (0xFF padding) before the marker, as decoders conventionally do.
        while (Position + 1 < data.Length && data[Position] == 0xFF && data[Position + 1] == 0xFF)
        {
            Position++;
        }
        if (Position + 1 >= data.Length)
        {
            throw new InvalidDataException("JPEG data is truncated: it ends where a restart marker was expected.");
        }
        if (data[Position] != 0xFF || !JpegMarker.IsRestart(data[Position + 1]))
        {
            throw new InvalidDataException($"JPEG restart marker missing at byte {Position} (corrupt entropy-coded data).");
        }
        Position += 2;
    }

    private void Fill()
    {
        while (_bitCount <= 56)
        {
            int b = 0;
            if (!AtMarker)
            {
                if (Position >= data.Length)
                {
                    throw new InvalidDataException("JPEG data is truncated inside the entropy-coded image data.");
                }
                b = data[Position];
                if (b == 0xFF)
                {
                    if (Position + 1 >= data.Length)
                    {
                        throw new InvalidDataException("JPEG data is truncated inside the entropy-coded image data.");
                    }
                    byte next = data[Position + 1];
                    if (next == 0x00)
                    {
                        Position += 2;
                    }
                    else if (next == 0xFF)
                    {
                        Position++; // fill byte
                        continue;
                    }
                    else
                    {
                        AtMarker = true;
                        b = 0;
                    }
                }
                else
                {
                    Position++;
                }
            }
            _buffer = (_buffer << 8) | (uint)b;
            _bitCount += 8;
        }
    }
}
