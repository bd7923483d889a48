namespace EpochCompare.Evaluation.Diversity;

/// <summary>
/// Eigenvalues of a small real symmetric matrix by cyclic Jacobi rotations: each rotation zeroes
/// one off-diagonal pair; sweeps repeat until the off-diagonal mass is negligible. Exact enough
/// and dependency-free for the seed-count-sized (n &lt;= ~64) kernels of the Vendi score.
/// </summary>
public static class SymmetricEigenSolver
{
    private const int MaxSweeps = 100;

    /// <summary>Eigenvalues in ascending order.</summary>
    public static double[] Eigenvalues(double[,] matrix) => Decompose(matrix).Values;

    /// <summary>Eigenvalues (ascending) and the matching eigenvectors as columns of <c>Vectors</c>.</summary>
    public static (double[] Values, double[,] Vectors) Decompose(double[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        int n = matrix.GetLength(0);
        if (matrix.GetLength(1) != n)
        {
            throw new ArgumentException($"Eigen-solver needs a square matrix, got {matrix.GetLength(0)}x{matrix.GetLength(1)}.");
        }
        var a = (double[,])matrix.Clone();
        var v = new double[n, n];
        double scale = 0;
        for (int i = 0; i < n; i++)
        {
            v[i, i] = 1;
            for (int j = 0; j < n; j++)
            {
                if (Math.Abs(a[i, j] - a[j, i]) > 1e-9 * (1 + Math.Abs(a[i, j])))
                {
                    throw new ArgumentException($"Eigen-solver needs a symmetric matrix; [{i},{j}] and [{j},{i}] differ.");
                }
                scale = Math.Max(scale, Math.Abs(a[i, j]));
            }
        }

        for (int sweep = 0; sweep < MaxSweeps && OffDiagonal(a) > 1e-30 * Math.Max(1, scale * scale); sweep++)
        {
            for (int p = 0; p < n - 1; p++)
            {
                for (int q = p + 1; q < n; q++)
                {
                    if (a[p, q] != 0)
                    {
                        Rotate(a, v, p, q);
                    }
                }
            }
        }

        var order = Enumerable.Range(0, n).OrderBy(i => a[i, i]).ToArray();
        var values = order.Select(i => a[i, i]).ToArray();
        var vectors = new double[n, n];
        for (int c = 0; c < n; c++)
        {
            for (int r = 0; r < n; r++)
            {
                vectors[r, c] = v[r, order[c]];
            }
        }
        return (values, vectors);
    }

    private static double OffDiagonal(double[,] a)
    {
        double sum = 0;
        int n = a.GetLength(0);
        for (int i = 0; i < n; i++)
        {
            for (int j = 0; j < n; j++)
            {
                if (i != j)
                {
                    sum += a[i, j] * a[i, j];
                }
            }
        }
        return sum;
    }

    /// <summary>Applies the rotation in the (p, q) plane that zeroes a[p, q] (stable tangent form).</summary>
    private static void Rotate(double[,] a, double[,] v, int p, int q)
    {
        int n = a.GetLength(0);
        double theta = (a[q, q] - a[p, p]) / (2 * a[p, q]);
        double t = Math.Sign(theta == 0 ? 1 : theta) / (Math.Abs(theta) + Math.Sqrt(theta * theta + 1));
        double c = 1 / Math.Sqrt(t * t + 1);
        double s = t * c;
        for (int k = 0; k < n; k++)
        {
            double akp = a[k, p], akq = a[k, q];
            a[k, p] = c * akp - s * akq;
            a[k, q] = s * akp + c * akq;
        }
        for (int k = 0; k < n; k++)
        {
            double apk = a[p, k], aqk = a[q, k];
            a[p, k] = c * apk - s * aqk;
            a[q, k] = s * apk + c * aqk;
        }
        for (int k = 0; k < n; k++)
        {
            double vkp = v[k, p], vkq = v[k, q];
            v[k, p] = c * vkp - s * vkq;
            v[k, q] = s * vkp + c * vkq;
        }
    }
}
