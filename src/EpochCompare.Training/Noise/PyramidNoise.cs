namespace EpochCompare.Training.Noise;

/// <summary>
/// Multi-resolution (pyramid) noise, sd-scripts' <c>pyramid_noise_like</c>: for level i = 0..iterations-1
/// draw r in [2, 4), add bilinear-upsampled N(0, 1) noise of size (H / r^i, W / r^i) weighted by
/// discount^i (stopping after a level that is 1 pixel high or wide), then divide everything by its
/// (unbiased) standard deviation. Level 0 is a second full-resolution field.
/// </summary>
public sealed record PyramidNoise(int Iterations, double Discount)
{
    /// <summary>sd-scripts' <c>--multires_noise_discount</c> default.</summary>
    public const double DefaultDiscount = 0.3;

    public void Apply(Span<float> noise, NoiseShape shape, IRandomSource random)
    {
        shape.RequireLength(noise.Length, "pyramid noise");
        foreach (var (height, width, weight) in Levels(shape.Height, shape.Width, random))
        {
            var low = new float[shape.Planes * height * width];
            random.FillNormal(low);
            for (int plane = 0; plane < shape.Planes; plane++)
            {
                BilinearUpsample.AddScaled(
                    low.AsSpan(plane * height * width, height * width), height, width,
                    noise.Slice(plane * shape.PlaneSize, shape.PlaneSize), shape.Height, shape.Width, (float)weight);
            }
        }
        NormalizeToUnitStd(noise);
    }

    /// <summary>The size and weight of each level, drawing one r per level as the reference does.</summary>
    internal IEnumerable<(int Height, int Width, double Weight)> Levels(int height, int width, IRandomSource random)
    {
        for (int i = 0; i < Iterations; i++)
        {
            double r = random.NextDouble() * 2 + 2;
            double divisor = Math.Pow(r, i);
            int h = Math.Max(1, (int)(height / divisor));
            int w = Math.Max(1, (int)(width / divisor));
            yield return (h, w, Math.Pow(Discount, i));
            if (h == 1 || w == 1)
            {
                yield break;
            }
        }
    }

    private static void NormalizeToUnitStd(Span<float> values)
    {
        double sum = 0;
        foreach (float v in values)
        {
            sum += v;
        }
        double mean = sum / values.Length;
        double squares = 0;
        foreach (float v in values)
        {
            squares += (v - mean) * (v - mean);
        }
        float inverseStd = (float)(1.0 / Math.Sqrt(squares / (values.Length - 1)));
        for (int i = 0; i < values.Length; i++)
        {
            values[i] *= inverseStd;
        }
    }
}
