using EpochCompare.Evaluation.Diversity;
using EpochCompare.Evaluation.Features;

namespace EpochCompare.Evaluation.Tests.Diversity;

public class VendiTests
{
    [Fact]
    public void JacobiReconstructsARandomSymmetricMatrix()
    {
        var random = new Random(4);
        const int n = 7;
        var a = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                a[i, j] = a[j, i] = random.NextDouble() * 2 - 1;
            }
        }
        var (values, vectors) = SymmetricEigenSolver.Decompose(a);
        for (int c = 0; c < n; c++)
        {
            for (int r = 0; r < n; r++)
            {
                double av = 0;
                for (int k = 0; k < n; k++)
                {
                    av += a[r, k] * vectors[k, c];
                }
                Assert.Equal(values[c] * vectors[r, c], av, 9);
            }
        }
        Assert.True(values.Zip(values.Skip(1)).All(p => p.First <= p.Second));
    }

    [Fact]
    public void JacobiMatchesTheClosedFormForTwoByTwo()
    {
        double[,] a = { { 2, 1 }, { 1, 3 } };
        double[] values = SymmetricEigenSolver.Eigenvalues(a);
        Assert.Equal(2.5 - Math.Sqrt(1.25), values[0], 12);
        Assert.Equal(2.5 + Math.Sqrt(1.25), values[1], 12);
    }

    [Fact]
    public void IdenticalItemsScoreOneAndOrthogonalItemsScoreN()
    {
        float[] v = [1, 2, 3];
        Assert.Equal(1.0, VendiScore.FromVectors([v, v, v, v]), 9);
        Assert.Equal(4.0, VendiScore.FromVectors([[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0], [0, 0, 0, 1]]), 9);
    }

    [Fact]
    public void TwoPairsOfDuplicatesScoreTwo()
    {
        Assert.Equal(2.0, VendiScore.FromVectors([[1, 0], [1, 0], [0, 1], [0, 1]]), 9);
    }

    [Fact]
    public void IdenticalImagesScoreOneAndUnrelatedImagesNearFour()
    {
        var same = ImageFeatures.Compute(SyntheticImages.Prepared(SyntheticImages.Scene(1))).Composite;
        Assert.Equal(1.0, VendiScore.FromVectors([same, same, same, same]), 6);
        var unrelated = Enumerable.Range(0, 4)
            .Select(i => ImageFeatures.Compute(SyntheticImages.Prepared(SyntheticImages.Noise(40 + i))).Tiny)
            .ToList();
        double v = VendiScore.FromVectors(unrelated);
        Assert.InRange(v, 3.9, 4.0);
    }

    [Fact]
    public void CompositeKernelSeparatesUnrelatedScenesFromNoisyCopies()
    {
        // Histogram blocks are non-negative, so unrelated images keep some cosine: the composite Vendi
        // of 4 unrelated scenes stays below 4, which is why it is reported as a ratio to the base column.
        var scenes = Enumerable.Range(0, 4)
            .Select(i => ImageFeatures.Compute(SyntheticImages.Prepared(SyntheticImages.Scene(300 + 17 * i))).Composite)
            .ToList();
        var copies = Enumerable.Range(0, 4)
            .Select(i => ImageFeatures.Compute(SyntheticImages.Prepared(SyntheticImages.AddNoise(SyntheticImages.Scene(300), i, 4))).Composite)
            .ToList();
        double unrelated = VendiScore.FromVectors(scenes);
        double duplicated = VendiScore.FromVectors(copies);
        Assert.True(unrelated > 2.5 && unrelated <= 4.0, $"unrelated {unrelated}");
        Assert.True(duplicated < 1.2, $"copies {duplicated}");
    }
}
