using EpochCompare.Tensors.Kernels;

namespace EpochCompare.Tensors.Tests.Kernels;

public class RopeKernelTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(7)]
    [InlineData(32)]
    public unsafe void RotateRowMatchesThePlainPairLoopBitForBit(int pairs)
    {
        var rng = new Random(pairs);
        // General matrices (not rotations), so a swapped off-diagonal entry cannot go unnoticed.
        float[] pe = Enumerable.Range(0, 4 * pairs).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        float[] x = Enumerable.Range(0, 2 * pairs).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        float[] start = Enumerable.Range(0, 2 * pairs).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
        foreach (bool transpose in new[] { false, true })
        {
            foreach (bool accumulate in new[] { false, true })
            {
                var fast = (float[])start.Clone();
                var reference = (float[])start.Clone();
                fixed (float* px = x)
                fixed (float* ppe = pe)
                fixed (float* py = fast)
                {
                    RopeKernels.RotateRow(px, ppe, py, pairs, transpose, accumulate);
                }
                RopeReference.RotateRow(x, pe, reference, transpose, accumulate);
                Assert.Equal(reference, fast);
            }
        }
    }
}
