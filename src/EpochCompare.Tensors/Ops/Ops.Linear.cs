using System.Numerics.Tensors;
using EpochCompare.Tensors.Autograd;
using EpochCompare.Tensors.Kernels;

namespace EpochCompare.Tensors;

public static partial class Ops
{
    /// <summary>
    /// y = x @ weight^T + bias, PyTorch's nn.Linear: x [..., in], weight [out, in], bias [out] or null.
    /// All leading dims of x fold into one GEMM; the bias is written first and the GEMM adds onto it.
    /// </summary>
    public static Tensor Linear(Tensor x, Tensor weight, Tensor? bias = null)
    {
        const string op = "linear";
        if (weight.Rank != 2 || x.Rank < 1 || x.Size(-1) != weight.Size(1))
        {
            throw Shapes.Mismatch(op, x, weight, "do not fit x[..., in] @ weight[out, in]^T");
        }
        int inF = weight.Size(1), outF = weight.Size(0);
        if (bias is not null && (bias.Rank != 1 || bias.Count != outF))
        {
            throw new ArgumentException($"{op}: bias {bias.ShapeText} does not match weight {weight.ShapeText} (needs [{outF}]).");
        }
        int rows = x.Count / Math.Max(1, inF);
        var outShape = x.Shape.ToArray();
        outShape[^1] = outF;
        var y = Tensor.Empty(outShape);
        var ySpan = y.Span;
        float beta = 0f;
        if (bias is not null)
        {
            var ba = bias.Storage.Array; int bo = bias.Offset;
            var ya = y.Storage.Array;
            TensorThreads.For(rows, TensorThreads.RowsPerChunk(outF), (r0, r1) =>
            {
                for (int r = r0; r < r1; r++)
                {
                    ba.AsSpan(bo, outF).CopyTo(ya.AsSpan(r * outF, outF));
                }
            });
            beta = 1f;
        }
        Gemm.Sgemm(GemmPath.Auto, TensorThreads.Max, false, true, rows, outF, inF, 1f, x.Span, inF, weight.Span, inF, beta, ySpan, outF);

        if (bias is null ? Tape.ShouldRecord(x, weight) : Tape.ShouldRecord(x, weight, bias))
        {
            BackwardFn backward = (g, sink) =>
            {
                if (sink.TryGet(x, out var dx, out bool accX))
                {
                    Gemm.Sgemm(GemmPath.Auto, TensorThreads.Max, false, false, rows, inF, outF, 1f, g, outF, weight.Span, inF, accX ? 1f : 0f, dx, inF);
                }
                if (sink.TryGet(weight, out var dw, out bool accW))
                {
                    Gemm.Sgemm(GemmPath.Auto, TensorThreads.Max, true, false, outF, inF, rows, 1f, g, outF, x.Span, inF, accW ? 1f : 0f, dw, inF);
                }
                if (bias is not null && sink.TryGetZeroed(bias, out _) && sink.TryGetArray(bias, out var db, out int dbo, out _))
                {
                    SumRowsInto(GradSink.OutputGradArray(y), rows, outF, db, dbo);
                }
            };
            if (bias is null)
            {
                Tape.Record(y, op, backward, x, weight);
            }
            else
            {
                Tape.Record(y, op, backward, x, weight, bias);
            }
        }
        return y;
    }

    /// <summary>Columns per parallel chunk of <see cref="SumRowsInto"/>.</summary>
    private const int SumRowsColumnChunk = 64;

    /// <summary>
    /// dst[j] += sum over rows of src[r, j]. Split by fixed column blocks; each column adds its rows in order,
    /// so the bits never depend on the thread count.
    /// </summary>
    private static void SumRowsInto(float[] src, int rows, int cols, float[] dst, int dstOffset)
    {
        int work = rows * SumRowsColumnChunk;
        if (work < 1 << 15 || cols <= SumRowsColumnChunk)
        {
            var d = dst.AsSpan(dstOffset, cols);
            for (int r = 0; r < rows; r++)
            {
                TensorPrimitives.Add(d, src.AsSpan(r * cols, cols), d);
            }
            return;
        }
        TensorThreads.For(cols, SumRowsColumnChunk, (c0, c1) =>
        {
            var d = dst.AsSpan(dstOffset + c0, c1 - c0);
            for (int r = 0; r < rows; r++)
            {
                TensorPrimitives.Add(d, src.AsSpan(r * cols + c0, c1 - c0), d);
            }
        });
    }
}
