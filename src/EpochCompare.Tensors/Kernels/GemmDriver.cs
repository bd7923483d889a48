using System.Runtime.CompilerServices;

namespace EpochCompare.Tensors.Kernels;

/// <summary>
/// BLIS-style blocking around one micro-kernel: B is packed once per call into KC x NR strips,
/// then work items (blocks of MC rows, split by column strips when rows are few) pack their
/// A block into MR-row panels and sweep the strips. Parallelism is over work items only and every
/// C element sees the same k order (KC panels in sequence), so any thread count gives the same bits.
/// </summary>
internal static unsafe class GemmDriver<TKernel>
    where TKernel : struct, IGemmMicroKernel
{
    /// <summary>Depth of one packed panel; fixed, because it decides the summation order.</summary>
    public const int KC = 256;

    /// <summary>Packed B is capped at this many floats (16 MiB); wider B is done in column blocks.</summary>
    private const long MaxPackedB = 4L << 20;

    /// <summary>Floats of non-transposed B (one KC panel of one thread's strips) from which B is packed row-wise.</summary>
    private const long RowWisePackMin = 128L * 1024;

    /// <summary>Below this many multiply-adds a second thread costs more than it saves.</summary>
    private const long ParallelMinWork = 1L << 19;

    private static int MR => TKernel.Rows;

    private static int NR => TKernel.Columns;

    /// <summary>A block of MC x KC floats stays in L2 while the B strips stream through L1.</summary>
    private static int MCMax => 16 * TKernel.Rows;

    public static void Run(
        int threads, bool transA, bool transB, int m, int n, int k,
        float alpha, float* a, long lda, float* b, long ldb, float beta, float* c, long ldc)
    {
        if (m == 0 || n == 0)
        {
            return;
        }
        if (k == 0 || alpha == 0f)
        {
            GemmTile.Scale(c, (int)ldc, m, n, beta);
            return;
        }

        bool parallel = threads > 1 && (long)m * n * k >= ParallelMinWork;
        int panels = (m + MR - 1) / MR;
        int mBlocks = (m + MCMax - 1) / MCMax;
        if (parallel)
        {
            mBlocks = Math.Min(panels, (mBlocks + threads - 1) / threads * threads);
        }
        int mc = ((m + mBlocks - 1) / mBlocks + MR - 1) / MR * MR;
        mBlocks = (m + mc - 1) / mc;

        int kPanels = (k + KC - 1) / KC;
        long packedRows = (long)kPanels * KC;
        int nc = (int)Math.Max(NR, Math.Min((long)(n + NR - 1) / NR * NR, MaxPackedB / packedRows / NR * NR));

        var job = new Job
        {
            TransA = transA, TransB = transB, M = m, K = k, Alpha = alpha, Beta = beta,
            A = a, Lda = lda, B = b, Ldb = ldb, C = c, Ldc = ldc, Mc = mc, MBlocks = mBlocks,
        };
        int stripsMax = nc / NR;
        using var packedB = new PackBuffer(packedRows * stripsMax * NR + GemmPacking.Slack);
        job.PackedB = packedB.Pointer;

        for (int jc = 0; jc < n; jc += nc)
        {
            job.Jc = jc;
            job.Nc = Math.Min(nc, n - jc);
            job.Strips = (job.Nc + NR - 1) / NR;
            job.NSplits = parallel && mBlocks < threads ? Math.Min(job.Strips, (threads + mBlocks - 1) / mBlocks) : 1;
            int items = mBlocks * job.NSplits;
            if (parallel && items > 1)
            {
                // Strips are multiples of 8 wide, so packs of neighbouring strips never overlap.
                if (NR % 8 == 0 && job.Strips >= threads)
                {
                    int parts = threads;
                    Parallel.For(0, parts, TensorThreads.Options(threads), part =>
                        PackB(job, part * job.Strips / parts, (part + 1) * job.Strips / parts));
                }
                else
                {
                    PackB(job, 0, job.Strips);
                }
                Parallel.For(0, items, TensorThreads.Options(threads), item => ComputeItem(job, item));
            }
            else
            {
                PackB(job, 0, job.Strips);
                for (int item = 0; item < items; item++)
                {
                    ComputeItem(job, item);
                }
            }
        }
    }

    /// <summary>Packs column strips [s0, s1) of the current column block for every KC panel.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void PackB(in Job job, int s0, int s1)
    {
        for (int p0 = 0, q = 0; p0 < job.K; p0 += KC, q++)
        {
            int kc = Math.Min(KC, job.K - p0);
            float* panel = job.PackedB + (long)q * KC * job.Strips * NR;
            int j0 = job.Jc + s0 * NR;
            int cols = Math.Min(job.Jc + job.Nc, job.Jc + s1 * NR) - j0;
            if (!job.TransB && (long)kc * cols >= RowWisePackMin)
            {
                // A source region bigger than L2 comes from L3 or memory: read it row by row over the whole strip
                // range, each row segment once and contiguously, instead of strip by strip with one cache miss per
                // k step and strip. (Smaller, cache-resident B packs faster strip by strip.)
                GemmPacking.CopyPanels(job.B + p0 * job.Ldb + j0, job.Ldb, kc, NR, cols, s1 - s0, panel + (long)s0 * kc * NR);
                continue;
            }
            for (int s = s0; s < s1; s++)
            {
                int j = job.Jc + s * NR;
                int valid = Math.Min(NR, job.Jc + job.Nc - j);
                float* dst = panel + (long)s * kc * NR;
                if (job.TransB)
                {
                    GemmPacking.TransposePanel(job.B + j * job.Ldb + p0, job.Ldb, kc, NR, valid, dst);
                }
                else
                {
                    GemmPacking.CopyPanel(job.B + p0 * job.Ldb + j, job.Ldb, kc, NR, valid, dst);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ComputeItem(in Job job, int item)
    {
        int block = item / job.NSplits;
        int split = item % job.NSplits;
        int i0 = block * job.Mc;
        int rowsInBlock = Math.Min(job.Mc, job.M - i0);
        int panels = (rowsInBlock + MR - 1) / MR;
        int s0 = split * job.Strips / job.NSplits;
        int s1 = (split + 1) * job.Strips / job.NSplits;
        float* tile = stackalloc float[MR * NR];

        using var packedA = new PackBuffer((long)panels * MR * KC + GemmPacking.Slack);
        float* ap0 = packedA.Pointer;
        for (int p0 = 0, q = 0; p0 < job.K; p0 += KC, q++)
        {
            int kc = Math.Min(KC, job.K - p0);
            if (job.TransA)
            {
                GemmPacking.CopyPanels(job.A + p0 * job.Lda + i0, job.Lda, kc, MR, rowsInBlock, panels, ap0);
            }
            else
            {
                for (int ir = 0; ir < panels; ir++)
                {
                    int i = i0 + ir * MR;
                    int valid = Math.Min(MR, job.M - i);
                    GemmPacking.TransposePanel(job.A + i * job.Lda + p0, job.Lda, kc, MR, valid, ap0 + (long)ir * MR * kc);
                }
            }

            // The first panel applies beta; later ones accumulate onto C (beta 1).
            bool overwrite = q == 0 && job.Beta == 0f;
            float beta = q == 0 ? job.Beta : 1f;
            float* bp0 = job.PackedB + (long)q * KC * job.Strips * NR;
            for (int s = s0; s < s1; s++)
            {
                int j = job.Jc + s * NR;
                int cols = Math.Min(NR, job.Jc + job.Nc - j);
                float* bp = bp0 + (long)s * kc * NR;
                for (int ir = 0; ir < panels; ir++)
                {
                    int i = i0 + ir * MR;
                    int rows = Math.Min(MR, job.M - i);
                    float* ap = ap0 + (long)ir * MR * kc;
                    float* cp = job.C + i * job.Ldc + j;
                    if (rows == MR && cols == NR)
                    {
                        TKernel.Multiply(kc, ap, bp, cp, (int)job.Ldc, job.Alpha, beta, overwrite);
                    }
                    else
                    {
                        TKernel.Multiply(kc, ap, bp, tile, NR, 1f, 0f, true);
                        GemmTile.Apply(tile, NR, rows, cols, cp, (int)job.Ldc, job.Alpha, beta, overwrite);
                    }
                }
            }
        }
    }

    /// <summary>Everything a work item needs; passed by reference so the closure stays small.</summary>
    private struct Job
    {
        public bool TransA;
        public bool TransB;
        public int M;
        public int K;
        public float Alpha;
        public float Beta;
        public float* A;
        public long Lda;
        public float* B;
        public long Ldb;
        public float* C;
        public long Ldc;
        public int Mc;
        public int MBlocks;
        public float* PackedB;
        public int Jc;
        public int Nc;
        public int Strips;
        public int NSplits;
    }
}
