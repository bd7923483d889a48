using EpochCompare.Tensors.Autograd;
using EpochCompare.Tensors.Kernels;

namespace EpochCompare.Tensors;

/// <summary>
/// The engine's ops. Every op checks shapes (exceptions name the op and the shapes), allocates its
/// output, and records its backward rule when gradients are on and an input requires them.
/// </summary>
public static partial class Ops
{
    /// <summary>
    /// Matrix product op(a) @ op(b) over the last two dims. op(a) is [M,K], op(b) is [K,N];
    /// a transposed operand is stored with its last two dims swapped. Leading (batch) dims must match,
    /// or b may be a plain matrix shared by every batch entry. Result [..., M, N].
    /// </summary>
    public static Tensor MatMul(Tensor a, Tensor b, bool transA = false, bool transB = false)
    {
        const string op = "matmul";
        if (a.Rank < 2 || b.Rank < 2)
        {
            throw Shapes.Mismatch(op, a, b, "must both have at least 2 dimensions");
        }
        int aRows = a.Size(-2), aCols = a.Size(-1), bRows = b.Size(-2), bCols = b.Size(-1);
        int m = transA ? aCols : aRows, k = transA ? aRows : aCols;
        int kb = transB ? bCols : bRows, n = transB ? bRows : bCols;
        if (k != kb)
        {
            throw Shapes.Mismatch(op, a, b, $"have inner dimensions {k} and {kb} (transA={transA}, transB={transB})");
        }
        bool sharedB = b.Rank == 2;
        if (!sharedB && !a.Shape[..^2].SequenceEqual(b.Shape[..^2]))
        {
            throw Shapes.Mismatch(op, a, b, "have different batch dimensions");
        }
        int batch = Shapes.Product(a.Shape, 0, a.Rank - 2);
        var outShape = a.Shape.ToArray();
        outShape[^2] = m;
        outShape[^1] = n;
        var c = Tensor.Empty(outShape);

        // A shared B with an untransposed A folds the batch into M: one big GEMM.
        bool fold = sharedB && !transA;
        GemmBatched(transA, transB, m, n, k, a.Span, b.Span, c.Span, batch, sharedB, fold, beta: 0f);

        if (Tape.ShouldRecord(a, b))
        {
            Tape.Record(c, op, (g, sink) =>
            {
                if (sink.TryGet(a, out var da, out bool accA))
                {
                    // dA = dC op(B)^T, or for a stored-transposed A: dA = op(B) dC^T.
                    float beta = accA ? 1f : 0f;
                    if (!transA)
                    {
                        GemmBatched(false, !transB, m, k, n, g, b.Span, da, batch, sharedB, fold, beta);
                    }
                    else
                    {
                        GemmBatchedSwapped(transB, true, k, m, n, b.Span, g, da, batch, sharedB, beta);
                    }
                }
                if (sink.TryGet(b, out var db, out bool accB))
                {
                    float beta = accB ? 1f : 0f;
                    var aSpan = a.Span;
                    if (fold)
                    {
                        // dB = sum over all folded rows: one GEMM with K' = batch*M.
                        if (!transB)
                        {
                            Gemm.Sgemm(GemmPath.Auto, TensorThreads.Max, true, false, k, n, batch * m, 1f, aSpan, k, g, n, beta, db, n);
                        }
                        else
                        {
                            Gemm.Sgemm(GemmPath.Auto, TensorThreads.Max, true, false, n, k, batch * m, 1f, g, n, aSpan, k, beta, db, k);
                        }
                    }
                    else
                    {
                        int aSize = m * k, cSize = m * n, bSize = k * n;
                        for (int i = 0; i < batch; i++)
                        {
                            var ai = aSpan.Slice(i * aSize, aSize);
                            var gi = g.Slice(i * cSize, cSize);
                            var dbi = sharedB ? db : db.Slice(i * bSize, bSize);
                            float bi = sharedB ? (i == 0 ? beta : 1f) : beta;
                            if (!transB)
                            {
                                // dB[K,N] = op(A)^T dC
                                Gemm.Sgemm(GemmPath.Auto, TensorThreads.Max, !transA, false, k, n, m, 1f, ai, transA ? m : k, gi, n, bi, dbi, n);
                            }
                            else
                            {
                                // dB[N,K] = dC^T op(A)
                                Gemm.Sgemm(GemmPath.Auto, TensorThreads.Max, true, transA, n, k, m, 1f, gi, n, ai, transA ? m : k, bi, dbi, k);
                            }
                        }
                    }
                }
            }, a, b);
        }
        return c;
    }

    /// <summary>C_i = op(A_i) op(B_i) (+ beta C_i) for each batch entry; A is [M,K] or stored [K,M].</summary>
    private static void GemmBatched(bool transA, bool transB, int m, int n, int k,
        ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int batch, bool sharedB, bool fold, float beta)
    {
        int lda = transA ? m : k, ldb = transB ? k : n;
        if (fold)
        {
            Gemm.Sgemm(GemmPath.Auto, TensorThreads.Max, transA, transB, batch * m, n, k, 1f, a, lda, b, ldb, beta, c, n);
            return;
        }
        int aSize = m * k, bSize = k * n, cSize = m * n;
        for (int i = 0; i < batch; i++)
        {
            Gemm.Sgemm(GemmPath.Auto, TensorThreads.Max, transA, transB, m, n, k, 1f, a.Slice(i * aSize, aSize), lda,
                sharedB ? b : b.Slice(i * bSize, bSize), ldb, beta, c.Slice(i * cSize, cSize), n);
        }
    }

    /// <summary>dA for a stored-transposed A: dA_i[K,M] = op(B_i)[K,N] @ dC_i^T[N,M].</summary>
    private static void GemmBatchedSwapped(bool transB, bool transG, int k, int m, int n,
        ReadOnlySpan<float> b, ReadOnlySpan<float> g, Span<float> da, int batch, bool sharedB, float beta)
    {
        int bSize = k * n, gSize = m * n, aSize = k * m;
        for (int i = 0; i < batch; i++)
        {
            Gemm.Sgemm(GemmPath.Auto, TensorThreads.Max, transB, transG, k, m, n, 1f, sharedB ? b : b.Slice(i * bSize, bSize), transB ? k : n,
                g.Slice(i * gSize, gSize), n, beta, da.Slice(i * aSize, aSize), m);
        }
    }
}
