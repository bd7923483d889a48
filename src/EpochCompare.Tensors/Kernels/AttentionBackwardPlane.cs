using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace EpochCompare.Tensors.Kernels;

/// <summary>Pointers of one backward call; a work item is one (batch, head) plane.</summary>
internal readonly unsafe struct BackwardJob
{
    /// <summary>Query rows whose probabilities are rebuilt at once (a rows x length strip).</summary>
    public const int MaxQueryBlock = 64;

    public BackwardJob(
        float* q, float* k, float* v, float* output, float* logSumExp, float* dOutput,
        float* dq, float* dk, float* dv, AttentionShape shape, float scale)
    {
        Q = q;
        K = k;
        V = v;
        Output = output;
        LogSumExp = logSumExp;
        DOutput = dOutput;
        DQ = dq;
        DK = dk;
        DV = dv;
        Shape = shape;
        Scale = scale;
        QueryBlock = AttentionTiling.Balanced(shape.Length, MaxQueryBlock);
    }

    public float* Q { get; }

    public float* K { get; }

    public float* V { get; }

    public float* Output { get; }

    public float* LogSumExp { get; }

    public float* DOutput { get; }

    public float* DQ { get; }

    public float* DK { get; }

    public float* DV { get; }

    public AttentionShape Shape { get; }

    public float Scale { get; }

    public int QueryBlock { get; }
}

/// <summary>
/// Backward of one plane, block of query rows by block: P = exp(scale·Q·Kᵀ − logsumexp),
/// dV += Pᵀ·dO, dP = dO·Vᵀ, dS = P ⊙ (dP − rowsum(dO ⊙ O)), dQ = scale·dS·K, dK += scale·dSᵀ·Q.
/// </summary>
internal static unsafe class AttentionBackwardPlane
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in BackwardJob job, int plane)
    {
        AttentionShape shape = job.Shape;
        int d = shape.HeadDim, length = shape.Length;
        long planeOffset = plane * shape.PlaneSize;
        float* k = job.K + planeOffset;
        float* v = job.V + planeOffset;
        float* dk = job.DK + planeOffset;
        float* dv = job.DV + planeOffset;
        float* lse = job.LogSumExp + (long)plane * length;

        int block = job.QueryBlock;
        using var scratch = new PackBuffer(2L * block * length + block);
        float* probs = scratch.Pointer;
        float* dProbs = probs + (long)block * length;
        float* delta = dProbs + (long)block * length;

        for (int i0 = 0; i0 < length; i0 += block)
        {
            int rows = Math.Min(block, length - i0);
            bool first = i0 == 0;
            float* q = job.Q + planeOffset + (long)i0 * d;
            float* o = job.Output + planeOffset + (long)i0 * d;
            float* dO = job.DOutput + planeOffset + (long)i0 * d;
            float* dq = job.DQ + planeOffset + (long)i0 * d;

            for (int i = 0; i < rows; i++)
            {
                delta[i] = TensorPrimitives.Dot(new ReadOnlySpan<float>(dO + (long)i * d, d), new ReadOnlySpan<float>(o + (long)i * d, d));
            }

            Gemm.SgemmSerial(false, true, rows, length, d, job.Scale, q, d, k, d, 0f, probs, length);
            for (int i = 0; i < rows; i++)
            {
                RowKernels.ExpShiftedInPlace(ref probs[(long)i * length], length, lse[i0 + i]);
            }
            Gemm.SgemmSerial(true, false, length, d, rows, 1f, probs, length, dO, d, first ? 0f : 1f, dv, d);

            Gemm.SgemmSerial(false, true, rows, length, d, 1f, dO, d, v, d, 0f, dProbs, length);
            for (int i = 0; i < rows; i++)
            {
                // dS = P * (dP - delta), written over dP.
                var p = new ReadOnlySpan<float>(probs + (long)i * length, length);
                var ds = new Span<float>(dProbs + (long)i * length, length);
                TensorPrimitives.Subtract(ds, delta[i], ds);
                TensorPrimitives.Multiply(ds, p, ds);
            }
            Gemm.SgemmSerial(false, false, rows, d, length, job.Scale, dProbs, length, k, d, 0f, dq, d);
            Gemm.SgemmSerial(true, false, length, d, rows, job.Scale, dProbs, length, q, d, first ? 0f : 1f, dk, d);
        }
    }
}
