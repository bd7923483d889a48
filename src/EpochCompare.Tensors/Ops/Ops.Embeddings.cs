using System.Numerics.Tensors;
using EpochCompare.Tensors.Autograd;

namespace EpochCompare.Tensors;

public static partial class Ops
{
    /// <summary>Rows of <paramref name="weight"/> [V, D] picked by <paramref name="indices"/>: result [N, D].</summary>
    public static Tensor Embedding(Tensor weight, ReadOnlySpan<int> indices)
    {
        const string op = "embedding";
        if (weight.Rank != 2)
        {
            throw new ArgumentException($"{op}: weight must be [V, D], got {weight.ShapeText}.");
        }
        int vocab = weight.Size(0), d = weight.Size(1);
        var idx = indices.ToArray();
        for (int i = 0; i < idx.Length; i++)
        {
            if ((uint)idx[i] >= (uint)vocab)
            {
                throw new ArgumentOutOfRangeException(nameof(indices), $"{op}: index {idx[i]} at position {i} is outside [0, {vocab}) for weight {weight.ShapeText}.");
            }
        }
        var y = Tensor.Empty(idx.Length, d);
        var ws = weight.Span; var ys = y.Span;
        for (int i = 0; i < idx.Length; i++)
        {
            ws.Slice(idx[i] * d, d).CopyTo(ys.Slice(i * d, d));
        }
        if (Tape.ShouldRecord(weight))
        {
            Tape.Record(y, op, (g, sink) =>
            {
                if (sink.TryGetZeroed(weight, out var dw))
                {
                    for (int i = 0; i < idx.Length; i++)
                    {
                        var dst = dw.Slice(idx[i] * d, d);
                        TensorPrimitives.Add(dst, g.Slice(i * d, d), dst);
                    }
                }
            }, weight);
        }
        return y;
    }

    /// <summary>
    /// FLUX timestep_embedding: for t [B] returns [B, dim] = [cos(args), sin(args)] (cos first), with
    /// args[b, k] = (timeFactor * t[b]) * exp(-ln(maxPeriod) * k / half) in float32. Not differentiable
    /// (a constant input feature). Odd dim appends a zero column as the reference does.
    /// </summary>
    public static Tensor TimestepEmbedding(ReadOnlySpan<float> t, int dim = 256, float maxPeriod = 10000f, float timeFactor = 1000f)
    {
        if (dim <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(dim), $"timestep_embedding: dim must be positive, got {dim}.");
        }
        int half = dim / 2;
        var freqs = new float[half];
        float logPeriod = -MathF.Log(maxPeriod);
        for (int k = 0; k < half; k++)
        {
            freqs[k] = MathF.Exp(logPeriod * k / half);
        }
        var y = Tensor.Zeros(t.Length, dim);
        var ys = y.Span;
        for (int b = 0; b < t.Length; b++)
        {
            float tb = timeFactor * t[b];
            var row = ys.Slice(b * dim, dim);
            for (int k = 0; k < half; k++)
            {
                float arg = tb * freqs[k];
                row[k] = MathF.Cos(arg);
                row[half + k] = MathF.Sin(arg);
            }
        }
        return y;
    }
}
