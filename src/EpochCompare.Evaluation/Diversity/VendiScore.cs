using EpochCompare.Evaluation.Features;

namespace EpochCompare.Evaluation.Diversity;

/// <summary>
/// Vendi score (Friedman and Dieng 2023): exp of the Shannon entropy of the eigenvalues of K/n for a
/// PSD similarity kernel with unit diagonal. The effective number of distinct items: 1 when all are
/// the same, n when all are orthogonal. Negative kernel entries are kept (clipping can break PSD);
/// tiny negative eigenvalues from rounding are dropped.
/// </summary>
public static class VendiScore
{
    public static double FromKernel(double[,] kernel)
    {
        ArgumentNullException.ThrowIfNull(kernel);
        int n = kernel.GetLength(0);
        if (n == 0)
        {
            throw new ArgumentException("Vendi score needs at least one item.");
        }
        var scaled = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                scaled[i, j] = kernel[i, j] / n;
            }
        }
        double entropy = 0;
        foreach (double lambda in SymmetricEigenSolver.Eigenvalues(scaled))
        {
            if (lambda > 1e-12)
            {
                entropy -= lambda * Math.Log(lambda);
            }
        }
        return Math.Exp(entropy);
    }

    /// <summary>Vendi score under the cosine kernel of the given feature vectors.</summary>
    public static double FromVectors(IReadOnlyList<float[]> vectors)
    {
        ArgumentNullException.ThrowIfNull(vectors);
        int n = vectors.Count;
        var kernel = new double[n, n];
        for (int i = 0; i < n; i++)
        {
            for (int j = i; j < n; j++)
            {
                double k = i == j ? 1 : VectorMath.Cosine(vectors[i], vectors[j]);
                kernel[i, j] = k;
                kernel[j, i] = k;
            }
        }
        return FromKernel(kernel);
    }
}
