using EpochCompare.Evaluation.Preprocessing;

namespace EpochCompare.Evaluation.Features;

/// <summary>Mean SSIM over valid windows plus the mean contrast-structure term (MS-SSIM needs it).</summary>
public readonly record struct SsimResult(double Ssim, double ContrastStructure);

/// <summary>
/// SSIM (Wang, Bovik, Sheikh, Simoncelli 2004) on aligned luma planes: 11x11 Gaussian window with
/// sigma 1.5, C1 = (0.01 L)^2, C2 = (0.03 L)^2, L = 255, averaged over the windows that fit inside.
/// </summary>
public static class Ssim
{
    public const int WindowTaps = 11;
    public const double WindowSigma = 1.5;
    private const double DynamicRange = 255.0;
    private const double C1 = 0.01 * DynamicRange * (0.01 * DynamicRange);
    private const double C2 = 0.03 * DynamicRange * (0.03 * DynamicRange);

    private static readonly float[] Window = GaussianWindow.Create(WindowTaps, WindowSigma);

    public static double Compute(Plane x, Plane y) => ComputeWithTerms(x, y).Ssim;

    public static SsimResult ComputeWithTerms(Plane x, Plane y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Width != y.Width || x.Height != y.Height)
        {
            throw new ArgumentException($"SSIM needs aligned planes, got {x.Width}x{x.Height} and {y.Width}x{y.Height}.");
        }
        if (x.Width < WindowTaps || x.Height < WindowTaps)
        {
            throw new ArgumentException($"SSIM needs planes of at least {WindowTaps}x{WindowTaps}, got {x.Width}x{x.Height}.");
        }
        int n = x.Data.Length;
        var xx = new float[n];
        var yy = new float[n];
        var xy = new float[n];
        for (int i = 0; i < n; i++)
        {
            xx[i] = x.Data[i] * x.Data[i];
            yy[i] = y.Data[i] * y.Data[i];
            xy[i] = x.Data[i] * y.Data[i];
        }
        int w = x.Width;
        int h = x.Height;
        double[] muX = Filter(x.Data, w, h);
        double[] muY = Filter(y.Data, w, h);
        double[] sXX = Filter(xx, w, h);
        double[] sYY = Filter(yy, w, h);
        double[] sXY = Filter(xy, w, h);

        double ssimSum = 0;
        double csSum = 0;
        for (int i = 0; i < muX.Length; i++)
        {
            double mx = muX[i];
            double my = muY[i];
            double varX = sXX[i] - mx * mx;
            double varY = sYY[i] - my * my;
            double cov = sXY[i] - mx * my;
            double cs = (2 * cov + C2) / (varX + varY + C2);
            double luminance = (2 * mx * my + C1) / (mx * mx + my * my + C1);
            ssimSum += luminance * cs;
            csSum += cs;
        }
        return new SsimResult(ssimSum / muX.Length, csSum / muX.Length);
    }

    /// <summary>Separable Gaussian filter keeping only fully covered ("valid") positions.</summary>
    private static double[] Filter(float[] data, int width, int height)
    {
        int ow = width - WindowTaps + 1;
        int oh = height - WindowTaps + 1;
        var horizontal = new double[height * ow];
        for (int y = 0; y < height; y++)
        {
            int row = y * width;
            for (int x = 0; x < ow; x++)
            {
                double sum = 0;
                for (int k = 0; k < WindowTaps; k++)
                {
                    sum += Window[k] * (double)data[row + x + k];
                }
                horizontal[y * ow + x] = sum;
            }
        }
        var result = new double[oh * ow];
        for (int y = 0; y < oh; y++)
        {
            for (int x = 0; x < ow; x++)
            {
                double sum = 0;
                for (int k = 0; k < WindowTaps; k++)
                {
                    sum += Window[k] * horizontal[(y + k) * ow + x];
                }
                result[y * ow + x] = sum;
            }
        }
        return result;
    }
}
