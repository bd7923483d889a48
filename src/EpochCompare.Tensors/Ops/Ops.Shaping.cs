using System.Numerics.Tensors;
using EpochCompare.Tensors.Autograd;

namespace EpochCompare.Tensors;

public static partial class Ops
{
    /// <summary>Same elements, new shape (one dim may be -1). A view: shares the buffer, no copy.</summary>
    public static Tensor Reshape(Tensor x, params int[] shape)
    {
        var resolved = (int[])shape.Clone();
        int infer = -1, known = 1;
        for (int i = 0; i < resolved.Length; i++)
        {
            if (resolved[i] == -1)
            {
                if (infer >= 0)
                {
                    throw new ArgumentException($"reshape: more than one -1 in {Shapes.Text(shape)}.");
                }
                infer = i;
            }
            else
            {
                if (resolved[i] < 0)
                {
                    throw new ArgumentException($"reshape: negative dimension in {Shapes.Text(shape)}.");
                }
                known *= resolved[i];
            }
        }
        if (infer >= 0)
        {
            if (known == 0 || x.Count % known != 0)
            {
                throw new ArgumentException($"reshape: cannot reshape {x.ShapeText} to {Shapes.Text(shape)}.");
            }
            resolved[infer] = x.Count / known;
        }
        if (Shapes.Count(resolved, "reshape") != x.Count)
        {
            throw new ArgumentException($"reshape: cannot reshape {x.ShapeText} ({x.Count} elements) to {Shapes.Text(shape)}.");
        }
        var y = new Tensor(x.Storage, x.Offset, resolved);
        if (Tape.ShouldRecord(x))
        {
            Tape.Record(y, "reshape", (_, sink) => sink.Accumulate(x, GradSink.OutputGradArray(y), 0), x);
        }
        return y;
    }

    /// <summary>Reorders dims: result dim i is input dim perm[i]. Copies into a contiguous tensor.</summary>
    public static Tensor Permute(Tensor x, params int[] perm)
    {
        const string op = "permute";
        int rank = x.Rank;
        if (perm.Length != rank)
        {
            throw new ArgumentException($"{op}: {perm.Length} dims given for a tensor {x.ShapeText}.");
        }
        var seen = new bool[rank];
        var p = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            p[i] = Shapes.NormalizeDim(perm[i], rank, op);
            if (seen[p[i]])
            {
                throw new ArgumentException($"{op}: {Shapes.Text(perm)} is not a permutation of {rank} dims.");
            }
            seen[p[i]] = true;
        }
        var outShape = new int[rank];
        for (int i = 0; i < rank; i++)
        {
            outShape[i] = x.Shape[p[i]];
        }
        var y = Tensor.Empty(outShape);
        PermuteCopy(x.Span, x.Shape, p, y.Span, accumulate: false);
        if (Tape.ShouldRecord(x))
        {
            var inverse = new int[rank];
            for (int i = 0; i < rank; i++)
            {
                inverse[p[i]] = i;
            }
            Tape.Record(y, op, (g, sink) =>
            {
                if (sink.TryGet(x, out var dx, out bool acc))
                {
                    PermuteCopy(g, outShape, inverse, dx, acc);
                }
            }, x);
        }
        return y;
    }

    /// <summary>dst = permute(src) (or +=), walking dst in order with the last dim as the inner loop.</summary>
    private static void PermuteCopy(ReadOnlySpan<float> src, ReadOnlySpan<int> srcShape, int[] perm, Span<float> dst, bool accumulate)
    {
        int rank = srcShape.Length;
        if (dst.Length == 0)
        {
            return;
        }
        if (rank == 0)
        {
            dst[0] = accumulate ? dst[0] + src[0] : src[0];
            return;
        }
        var srcStrides = new int[rank];
        int s = 1;
        for (int i = rank - 1; i >= 0; i--)
        {
            srcStrides[i] = s;
            s *= srcShape[i];
        }
        var outShape = new int[rank];
        var stride = new int[rank]; // source stride of each result dim
        for (int i = 0; i < rank; i++)
        {
            outShape[i] = srcShape[perm[i]];
            stride[i] = srcStrides[perm[i]];
        }
        int inner = outShape[rank - 1], innerStride = stride[rank - 1];
        var index = new int[rank];
        int rows = dst.Length / inner;
        for (int row = 0; row < rows; row++)
        {
            int offset = 0;
            for (int d = 0; d < rank - 1; d++)
            {
                offset += index[d] * stride[d];
            }
            var dRow = dst.Slice(row * inner, inner);
            if (innerStride == 1)
            {
                if (accumulate) { TensorPrimitives.Add(dRow, src.Slice(offset, inner), dRow); } else { src.Slice(offset, inner).CopyTo(dRow); }
            }
            else if (accumulate)
            {
                for (int j = 0; j < inner; j++) { dRow[j] += src[offset + j * innerStride]; }
            }
            else
            {
                for (int j = 0; j < inner; j++) { dRow[j] = src[offset + j * innerStride]; }
            }
            for (int d = rank - 2; d >= 0; d--)
            {
                if (++index[d] < outShape[d])
                {
                    break;
                }
                index[d] = 0;
            }
        }
    }

    /// <summary>Elements [start, start + length) along <paramref name="dim"/> (a copy).</summary>
    public static Tensor Slice(Tensor x, int dim, int start, int length)
    {
        const string op = "slice";
        int d = Shapes.NormalizeDim(dim, x.Rank, op);
        int size = x.Shape[d];
        if (start < 0 || length < 0 || start + length > size)
        {
            throw new ArgumentException($"{op}: range [{start}, {start + length}) is outside dim {dim} of size {size} in {x.ShapeText}.");
        }
        int outer = Shapes.Product(x.Shape, 0, d), inner = Shapes.Product(x.Shape, d + 1, x.Rank);
        var outShape = x.Shape.ToArray();
        outShape[d] = length;
        var y = Tensor.Empty(outShape);
        int srcBlock = size * inner, dstBlock = length * inner;
        var xa = x.Storage.Array; int xo = x.Offset;
        var ya = y.Storage.Array;
        int chunk = TensorThreads.RowsPerChunk(dstBlock);
        TensorThreads.For(outer, chunk, (o0, o1) =>
        {
            for (int o = o0; o < o1; o++)
            {
                xa.AsSpan(xo + o * srcBlock + start * inner, dstBlock).CopyTo(ya.AsSpan(o * dstBlock, dstBlock));
            }
        });
        if (Tape.ShouldRecord(x))
        {
            Tape.Record(y, op, (gradOutput, sink) =>
            {
                var g = GradSink.OutputGradArray(y);
                if (!sink.TryGetArray(x, out var dx, out int dxo, out bool acc))
                {
                    return;
                }
                // Each outer block of dx is written by one chunk: the sliced range gets g, the rest zero (when fresh).
                TensorThreads.For(outer, TensorThreads.RowsPerChunk(srcBlock), (o0, o1) =>
                {
                    for (int o = o0; o < o1; o++)
                    {
                        var block = dx.AsSpan(dxo + o * srcBlock, srcBlock);
                        var dst = block.Slice(start * inner, dstBlock);
                        var src = g.AsSpan(o * dstBlock, dstBlock);
                        if (acc)
                        {
                            TensorPrimitives.Add(dst, src, dst);
                        }
                        else
                        {
                            block[..(start * inner)].Clear();
                            src.CopyTo(dst);
                            block[(start * inner + dstBlock)..].Clear();
                        }
                    }
                });
            }, x);
        }
        return y;
    }

    /// <summary>Splits <paramref name="dim"/> into <paramref name="chunks"/> equal parts (the size must divide evenly).</summary>
    public static Tensor[] Chunk(Tensor x, int chunks, int dim)
    {
        int d = Shapes.NormalizeDim(dim, x.Rank, "chunk");
        if (chunks <= 0 || x.Shape[d] % chunks != 0)
        {
            throw new ArgumentException($"chunk: dim {dim} of {x.ShapeText} does not split into {chunks} equal parts.");
        }
        int part = x.Shape[d] / chunks;
        var result = new Tensor[chunks];
        for (int i = 0; i < chunks; i++)
        {
            result[i] = Slice(x, d, i * part, part);
        }
        return result;
    }

    /// <summary>Joins tensors along <paramref name="dim"/>; all other dims must match.</summary>
    public static Tensor Concat(IReadOnlyList<Tensor> parts, int dim)
    {
        const string op = "concat";
        if (parts.Count == 0)
        {
            throw new ArgumentException($"{op}: no tensors given.");
        }
        var first = parts[0];
        int d = Shapes.NormalizeDim(dim, first.Rank, op);
        int total = 0;
        foreach (var t in parts)
        {
            bool ok = t.Rank == first.Rank;
            for (int i = 0; ok && i < first.Rank; i++)
            {
                ok = i == d || t.Shape[i] == first.Shape[i];
            }
            if (!ok)
            {
                throw Shapes.Mismatch(op, first, t, $"differ outside dim {dim}");
            }
            total += t.Shape[d];
        }
        int outer = Shapes.Product(first.Shape, 0, d), inner = Shapes.Product(first.Shape, d + 1, first.Rank);
        var outShape = first.Shape.ToArray();
        outShape[d] = total;
        var y = Tensor.Empty(outShape);
        var ya = y.Storage.Array;
        int outBlock = total * inner;
        var inputs = parts.ToArray();
        var offsets = new int[inputs.Length];
        var blocks = new int[inputs.Length];
        for (int p = 0, at = 0; p < inputs.Length; p++)
        {
            offsets[p] = at;
            blocks[p] = inputs[p].Shape[d] * inner;
            at += blocks[p];
        }
        var srcArrays = inputs.Select(t => t.Storage.Array).ToArray();
        var srcOffsets = inputs.Select(t => t.Offset).ToArray();
        int chunk = TensorThreads.RowsPerChunk(outBlock);
        TensorThreads.For(outer, chunk, (o0, o1) =>
        {
            for (int o = o0; o < o1; o++)
            {
                for (int p = 0; p < srcArrays.Length; p++)
                {
                    srcArrays[p].AsSpan(srcOffsets[p] + o * blocks[p], blocks[p]).CopyTo(ya.AsSpan(o * outBlock + offsets[p], blocks[p]));
                }
            }
        });
        if (Tape.ShouldRecord(inputs))
        {
            Tape.Record(y, op, (gradOutput, sink) =>
            {
                var g = GradSink.OutputGradArray(y);
                // The same tensor may appear twice: its parts are added in order, one part at a time.
                for (int p = 0; p < inputs.Length; p++)
                {
                    if (!sink.TryGetArray(inputs[p], out var dp, out int dpo, out bool acc))
                    {
                        continue;
                    }
                    int block = blocks[p], at = offsets[p];
                    TensorThreads.For(outer, TensorThreads.RowsPerChunk(block), (o0, o1) =>
                    {
                        for (int o = o0; o < o1; o++)
                        {
                            var src = g.AsSpan(o * outBlock + at, block);
                            var dst = dp.AsSpan(dpo + o * block, block);
                            if (acc) { TensorPrimitives.Add(dst, src, dst); } else { src.CopyTo(dst); }
                        }
                    });
                }
            }, inputs);
        }
        return y;
    }

    /// <summary>
    /// FLUX's qkv split: [B, L, 3*H*D] (laid out as K H D, K = q,k,v) to three [B, H, L, D] tensors.
    /// Same as reshape to [B,L,3,H,D], permute to [3,B,H,L,D] and unbind, in one pass per output.
    /// </summary>
    public static (Tensor Q, Tensor K, Tensor V) SplitQkvHeads(Tensor qkv, int heads)
    {
        const string op = "split_qkv_heads";
        if (qkv.Rank != 3 || heads <= 0 || qkv.Size(2) % (3 * heads) != 0)
        {
            throw new ArgumentException($"{op}: qkv {qkv.ShapeText} is not [B, L, 3*H*D] for H={heads}.");
        }
        int b = qkv.Size(0), l = qkv.Size(1), hd = qkv.Size(2) / (3 * heads);
        var parts = new Tensor[3];
        for (int which = 0; which < 3; which++)
        {
            parts[which] = HeadsView(qkv, b, l, heads, hd, which * heads * hd, 3 * heads * hd, op);
        }
        return (parts[0], parts[1], parts[2]);
    }

    /// <summary>[B, L, H*D] to [B, H, L, D] (head h takes features [h*D, (h+1)*D)).</summary>
    public static Tensor SplitHeads(Tensor x, int heads)
    {
        const string op = "split_heads";
        if (x.Rank != 3 || heads <= 0 || x.Size(2) % heads != 0)
        {
            throw new ArgumentException($"{op}: {x.ShapeText} is not [B, L, H*D] for H={heads}.");
        }
        int hd = x.Size(2) / heads;
        return HeadsView(x, x.Size(0), x.Size(1), heads, hd, 0, heads * hd, op);
    }

    /// <summary>[B, H, L, D] to [B, L, H*D] (FLUX's "B H L D -> B L (H D)").</summary>
    public static Tensor MergeHeads(Tensor x)
    {
        const string op = "merge_heads";
        if (x.Rank != 4)
        {
            throw new ArgumentException($"{op}: expects [B, H, L, D], got {x.ShapeText}.");
        }
        int b = x.Size(0), h = x.Size(1), l = x.Size(2), hd = x.Size(3);
        var y = Tensor.Empty(b, l, h * hd);
        HeadsCopy(y.Storage.Array, 0, x.Storage.Array, x.Offset, b, l, h, hd, 0, h * hd, dstIsHeads: false, accumulate: false);
        if (Tape.ShouldRecord(x))
        {
            Tape.Record(y, op, (gradOutput, sink) =>
            {
                var g = GradSink.OutputGradArray(y);
                if (sink.TryGetArray(x, out var dx, out int dxo, out bool acc))
                {
                    HeadsCopy(dx, dxo, g, 0, b, l, h, hd, 0, h * hd, dstIsHeads: true, accumulate: acc);
                }
            }, x);
        }
        return y;
    }

    private static Tensor HeadsView(Tensor src, int b, int l, int h, int hd, int featureOffset, int rowWidth, string op)
    {
        var y = Tensor.Empty(b, h, l, hd);
        HeadsCopy(y.Storage.Array, 0, src.Storage.Array, src.Offset, b, l, h, hd, featureOffset, rowWidth, dstIsHeads: true, accumulate: false);
        if (Tape.ShouldRecord(src))
        {
            Tape.Record(y, op, (gradOutput, sink) =>
            {
                var g = GradSink.OutputGradArray(y);
                if (sink.TryGetZeroed(src, out _) && sink.TryGetArray(src, out var ds, out int dso, out _))
                {
                    HeadsCopy(ds, dso, g, 0, b, l, h, hd, featureOffset, rowWidth, dstIsHeads: false, accumulate: true);
                }
            }, src);
        }
        return y;
    }

    /// <summary>
    /// Copies (or adds) between the heads layout [B,H,L,D] and a token-row layout [B,L,rowWidth] whose head h
    /// sits at features [featureOffset + h*D, featureOffset + (h+1)*D). dstIsHeads picks the direction.
    /// Split over token rows (b, l): each row of either layout is touched by one chunk only.
    /// </summary>
    private static void HeadsCopy(float[] dst, int dstOffset, float[] src, int srcOffset, int b, int l, int h, int hd,
        int featureOffset, int rowWidth, bool dstIsHeads, bool accumulate)
    {
        TensorThreads.For(b * l, TensorThreads.RowsPerChunk(h * hd), (r0, r1) =>
        {
            for (int r = r0; r < r1; r++)
            {
                int bi = r / l, li = r % l;
                for (int hi = 0; hi < h; hi++)
                {
                    int headsAt = ((bi * h + hi) * l + li) * hd;
                    int rowsAt = r * rowWidth + featureOffset + hi * hd;
                    var d = dst.AsSpan(dstOffset + (dstIsHeads ? headsAt : rowsAt), hd);
                    var s = src.AsSpan(srcOffset + (dstIsHeads ? rowsAt : headsAt), hd);
                    if (accumulate) { TensorPrimitives.Add(d, s, d); } else { s.CopyTo(d); }
                }
            }
        });
    }
}
