using EpochCompare.Evaluation.Preprocessing;

namespace EpochCompare.Evaluation.Features;

/// <summary>Mean squared central-difference gradient of luma over interior pixels: overall edge contrast.</summary>
public static class GradientEnergy
{
    public static double Compute(Plane luma)
    {
        ArgumentNullException.ThrowIfNull(luma);
        double sum = 0;
        int count = 0;
        for (int y = 1; y < luma.Height - 1; y++)
        {
            for (int x = 1; x < luma.Width - 1; x++)
            {
                double gx = 0.5 * (luma[x + 1, y] - luma[x - 1, y]);
                double gy = 0.5 * (luma[x, y + 1] - luma[x, y - 1]);
                sum += gx * gx + gy * gy;
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }
}
