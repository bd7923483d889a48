using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace EpochCompare.Tensors.Kernels;

/// <summary>Pointers and tiling of one forward call; a work item is one (plane, query tile).</summary>
internal readonly unsafe struct ForwardJob
{
    /// <summary>Query rows per tile: small enough to give both cores work when batch x heads is 2.</summary>
    public const int MaxQueryTile = 64;

    /// <summary>Keys per tile: the score tile (queries x keys) stays in L1/L2.</summary>
    public const int MaxKeyTile = 256;

    public ForwardJob(float* q, float* k, float* v, float* output, float* logSumExp, AttentionShape shape, float scale)
    {
        Q = q;
        K = k;
        V = v;
        Output = output;
        LogSumExp = logSumExp;
        Shape = shape;
        Scale = scale;
        QueryTile = AttentionTiling.Balanced(shape.Length, MaxQueryTile);
        QueryTiles = (shape.Length + QueryTile - 1) / QueryTile;
        KeyTile = AttentionTiling.Balanced(shape.Length, MaxKeyTile);
    }

    public float* Q { get; }

    public float* K { get; }

    public float* V { get; }

    public float* Output { get; }

    public float* LogSumExp { get; }

    public AttentionShape Shape { get; }

    public float Scale { get; }

    public int QueryTile { get; }

    public int QueryTiles { get; }

    public int KeyTile { get; }
}

/// <summary>
/// One query tile of the forward pass: for each key tile, S = scale·Q·Kᵀ, then the running row max m and
/// row sum l are updated (O is rescaled by exp(m_old − m_new)), and O += exp(S − m)·V. At the end O /= l
/// and logsumexp = m + log l.
/// </summary>
internal static unsafe class AttentionForwardTile
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(in ForwardJob job, int item)
    {
        AttentionShape shape = job.Shape;
        int plane = item / job.QueryTiles;
        int i0 = item % job.QueryTiles * job.QueryTile;
        int rows = Math.Min(job.QueryTile, shape.Length - i0);
        int d = shape.HeadDim, length = shape.Length;
        long planeOffset = plane * shape.PlaneSize;
        float* q = job.Q + planeOffset + (long)i0 * d;
        float* o = job.Output + planeOffset + (long)i0 * d;
        float* k = job.K + planeOffset;
        float* v = job.V + planeOffset;

        using var scratch = new PackBuffer((long)rows * job.KeyTile + 2L * rows);
        float* scores = scratch.Pointer;
        float* rowMax = scores + (long)rows * job.KeyTile;
        float* rowSum = rowMax + rows;

        for (int j0 = 0; j0 < length; j0 += job.KeyTile)
        {
            int keys = Math.Min(job.KeyTile, length - j0);
            bool first = j0 == 0;
            Gemm.SgemmSerial(false, true, rows, keys, d, job.Scale, q, d, k + (long)j0 * d, d, 0f, scores, keys);
            for (int i = 0; i < rows; i++)
            {
                ref float s = ref scores[(long)i * keys];
                float tileMax = RowKernels.Max(ref s, keys);
                float newMax = first ? tileMax : MathF.Max(rowMax[i], tileMax);
                float tileSum = RowKernels.ExpShiftedInPlace(ref s, keys, newMax);
                if (first)
                {
                    rowSum[i] = tileSum;
                }
                else
                {
                    float correction = MathF.Exp(rowMax[i] - newMax);
                    rowSum[i] = rowSum[i] * correction + tileSum;
                    var orow = new Span<float>(o + (long)i * d, d);
                    TensorPrimitives.Multiply(orow, correction, orow);
                }
                rowMax[i] = newMax;
            }
            Gemm.SgemmSerial(false, false, rows, d, keys, 1f, scores, keys, v + (long)j0 * d, d, first ? 0f : 1f, o, d);
        }

        float* lse = job.LogSumExp + (long)plane * length + i0;
        for (int i = 0; i < rows; i++)
        {
            var orow = new Span<float>(o + (long)i * d, d);
            TensorPrimitives.Multiply(orow, 1f / rowSum[i], orow);
            lse[i] = rowMax[i] + MathF.Log(rowSum[i]);
        }
    }
}
