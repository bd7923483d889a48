namespace EpochCompare.Evaluation.Features;

/// <summary>The few dense-vector operations the descriptors share.</summary>
public static class VectorMath
{
    public static double Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Vectors differ in length: {a.Length} and {b.Length}.");
        }
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += (double)a[i] * b[i];
        }
        return sum;
    }

    /// <summary>Cosine similarity; 0 when either vector is all zeros (nothing to compare).</summary>
    public static double Cosine(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double na = Math.Sqrt(Dot(a, a));
        double nb = Math.Sqrt(Dot(b, b));
        return na == 0 || nb == 0 ? 0 : Dot(a, b) / (na * nb);
    }

    /// <summary>Scales in place to unit L2 norm; leaves an all-zero vector as it is.</summary>
    public static void NormalizeL2(Span<float> v)
    {
        double norm = Math.Sqrt(Dot(v, v));
        if (norm == 0)
        {
            return;
        }
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = (float)(v[i] / norm);
        }
    }

    /// <summary>Scales in place so the entries sum to 1 (a histogram of shares).</summary>
    public static void NormalizeSum(Span<float> v)
    {
        double sum = 0;
        foreach (float x in v)
        {
            sum += x;
        }
        if (sum == 0)
        {
            return;
        }
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = (float)(v[i] / sum);
        }
    }
}
