namespace EpochCompare.Imaging.Formats.Png;

/// <summary>
/// A write-only stream that cuts what zlib writes into IDAT chunks of a fixed size (the last one shorter), so the
/// compressed image never sits in memory twice.
/// </summary>
internal sealed class PngIdatStream(Stream output) : Stream
{
    // libpng's default is 8 KB; larger chunks cost nothing to readers and mean fewer headers and CRC restarts.
    private const int ChunkSize = 256 * 1024;

    private readonly byte[] _buffer = new byte[ChunkSize];
    private int _length;

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            int take = Math.Min(data.Length, ChunkSize - _length);
            data[..take].CopyTo(_buffer.AsSpan(_length));
            _length += take;
            data = data[take..];
            if (_length == ChunkSize)
            {
                Flush();
            }
        }
    }

    /// <summary>Writes what is buffered as one IDAT chunk (none when nothing is).</summary>
    public override void Flush()
    {
        if (_length > 0)
        {
            PngChunkWriter.Write(output, PngChunkType.Data, _buffer.AsSpan(0, _length));
            _length = 0;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }
        base.Dispose(disposing);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
