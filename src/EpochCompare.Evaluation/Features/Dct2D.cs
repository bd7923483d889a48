namespace EpochCompare.Evaluation.Features;

/// <summary>
/// Unnormalised 2-D DCT-II of a square block: X[u,v] = sum_x sum_y f[x,y] cos(pi(2x+1)u/2N) cos(pi(2y+1)v/2N).
/// Only the sign pattern relative to the median matters for pHash, so no orthonormal scaling.
/// Separable with a precomputed cosine table; N is small (32) so O(N^3) is fine.
/// </summary>
public static class Dct2D
{
    public static double[,] Forward(double[,] block)
    {
        ArgumentNullException.ThrowIfNull(block);
        int n = block.GetLength(0);
        if (block.GetLength(1) != n)
        {
            throw new ArgumentException($"DCT needs a square block, got {block.GetLength(0)}x{block.GetLength(1)}.");
        }
        var cos = new double[n, n];
        for (int u = 0; u < n; u++)
        {
            for (int x = 0; x < n; x++)
            {
                cos[u, x] = Math.Cos(Math.PI * (2 * x + 1) * u / (2.0 * n));
            }
        }
        // Rows first (index [y, x] with x along the row), then columns.
        var rows = new double[n, n];
        for (int y = 0; y < n; y++)
        {
            for (int u = 0; u < n; u++)
            {
                double sum = 0;
                for (int x = 0; x < n; x++)
                {
                    sum += block[y, x] * cos[u, x];
                }
                rows[y, u] = sum;
            }
        }
        var result = new double[n, n];
        for (int v = 0; v < n; v++)
        {
            for (int u = 0; u < n; u++)
            {
                double sum = 0;
                for (int y = 0; y < n; y++)
                {
                    sum += rows[y, u] * cos[v, y];
                }
                result[v, u] = sum;
            }
        }
        return result;
    }
}
