namespace EpochCompare.Tensors.Kernels;

/// <summary>Sizes of one attention call, checked once; buffers are [batch, heads, length, headDim].</summary>
internal readonly record struct AttentionShape(string Op, int Batch, int Heads, int Length, int HeadDim)
{
    public int Planes => Batch * Heads;

    public long PlaneSize => (long)Length * HeadDim;

    public bool IsEmpty => Planes == 0 || Length == 0 || HeadDim == 0;

    public static AttentionShape Validate(string op, int batch, int heads, int length, int headDim, int threads)
    {
        if (batch < 0 || heads < 0 || length < 0 || headDim < 0)
        {
            throw new ArgumentException($"{op}: negative size batch={batch} heads={heads} length={length} headDim={headDim}.");
        }
        if (threads < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(threads), threads, $"{op}: thread count must be at least 1.");
        }
        return new AttentionShape(op, batch, heads, length, headDim);
    }

    public void Require(ReadOnlySpan<float> buffer, string name)
    {
        long needed = Planes * PlaneSize;
        if (buffer.Length < needed)
        {
            throw new ArgumentException($"{Op}: {name} has {buffer.Length} floats, [batch={Batch}, heads={Heads}, length={Length}, headDim={HeadDim}] needs {needed}.");
        }
    }

    public void RequireRows(ReadOnlySpan<float> buffer, string name)
    {
        long needed = (long)Planes * Length;
        if (buffer.Length < needed)
        {
            throw new ArgumentException($"{Op}: {name} has {buffer.Length} floats, [batch={Batch}, heads={Heads}, length={Length}] needs {needed}.");
        }
    }
}
