using EpochCompare.Evaluation.Preprocessing;

namespace EpochCompare.Evaluation.Features;

/// <summary>
/// MS-SSIM value, its per-scale terms (contrast-structure at scales 1..4, full SSIM at scale 5), and
/// the plain single-scale SSIM of the full-resolution planes, which falls out of scale 1.
/// </summary>
public sealed record MsSsimResult(double Value, IReadOnlyList<double> ScaleTerms, double FullScaleSsim);

/// <summary>
/// Multi-scale SSIM (Wang, Simoncelli, Bovik 2003): five scales with 2x2 mean downsampling,
/// product of contrast-structure terms at scales 1..4 and full SSIM at the coarsest, weights
/// [0.0448, 0.2856, 0.3001, 0.2363, 0.1333]. Coarse terms describe layout, fine terms detail.
/// Negative terms are clamped to 0 so the fractional powers stay defined.
/// </summary>
public static class MsSsim
{
    public static readonly IReadOnlyList<double> Weights = [0.0448, 0.2856, 0.3001, 0.2363, 0.1333];

    /// <summary>The smallest side that still fits the SSIM window at the coarsest scale: 11 * 2^4.</summary>
    public static int MinimumSide => Ssim.WindowTaps << (Weights.Count - 1);

    public static MsSsimResult Compute(Plane x, Plane y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (Math.Min(x.Width, x.Height) < MinimumSide)
        {
            throw new ArgumentException($"MS-SSIM needs planes of at least {MinimumSide} px per side, got {x.Width}x{x.Height}.");
        }
        var terms = new double[Weights.Count];
        double value = 1;
        double fullScale = double.NaN;
        for (int scale = 0; scale < Weights.Count; scale++)
        {
            SsimResult r = Ssim.ComputeWithTerms(x, y);
            if (scale == 0)
            {
                fullScale = r.Ssim;
            }
            bool coarsest = scale == Weights.Count - 1;
            terms[scale] = Math.Max(0, coarsest ? r.Ssim : r.ContrastStructure);
            value *= Math.Pow(terms[scale], Weights[scale]);
            if (!coarsest)
            {
                x = HalveByMean(x);
                y = HalveByMean(y);
            }
        }
        return new MsSsimResult(value, terms, fullScale);
    }

    private static Plane HalveByMean(Plane p)
    {
        var half = new Plane(p.Width / 2, p.Height / 2);
        for (int y = 0; y < half.Height; y++)
        {
            for (int x = 0; x < half.Width; x++)
            {
                half[x, y] = 0.25f * (p[2 * x, 2 * y] + p[2 * x + 1, 2 * y] + p[2 * x, 2 * y + 1] + p[2 * x + 1, 2 * y + 1]);
            }
        }
        return half;
    }
}
