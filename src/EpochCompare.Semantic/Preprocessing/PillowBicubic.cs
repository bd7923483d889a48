namespace EpochCompare.Semantic.Preprocessing;

/// <summary>
/// Pillow's 8-bit bicubic resize, bit for bit: separable (horizontal pass first, each pass rounded to
/// uint8), a kernel widened by the scale when downscaling (its antialiasing), Keys' cubic with a = -0.5,
/// weights in 22-bit fixed point. The reference preprocessing of CLIP and DINOv2 runs through it.
/// </summary>
public static class PillowBicubic
{
    private const int PrecisionBits = 32 - 8 - 2;
    private const double Support = 2.0;

    public static RgbPixels Resize(RgbPixels source, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        RgbPixels result = source;
        if (width != source.Width)
        {
            result = ResizeHorizontal(result, width);
        }
        if (height != source.Height)
        {
            result = ResizeVertical(result, height);
        }
        return result == source ? source with { Rgb = (byte[])source.Rgb.Clone() } : result;
    }

    private static RgbPixels ResizeHorizontal(RgbPixels source, int width)
    {
        Taps taps = Taps.For(source.Width, width);
        var output = new byte[3 * width * source.Height];
        for (int y = 0; y < source.Height; y++)
        {
            int row = y * source.Width * 3;
            for (int x = 0; x < width; x++)
            {
                int first = taps.First[x];
                ReadOnlySpan<int> k = taps.Weights(x);
                for (int c = 0; c < 3; c++)
                {
                    int sum = 1 << (PrecisionBits - 1);
                    for (int t = 0; t < k.Length; t++)
                    {
                        sum += source.Rgb[row + (first + t) * 3 + c] * k[t];
                    }
                    output[(y * width + x) * 3 + c] = Clip8(sum);
                }
            }
        }
        return new RgbPixels(width, source.Height, output);
    }

    private static RgbPixels ResizeVertical(RgbPixels source, int height)
    {
        Taps taps = Taps.For(source.Height, height);
        int stride = source.Width * 3;
        var output = new byte[stride * height];
        for (int y = 0; y < height; y++)
        {
            int first = taps.First[y];
            ReadOnlySpan<int> k = taps.Weights(y);
            for (int i = 0; i < stride; i++)
            {
                int sum = 1 << (PrecisionBits - 1);
                for (int t = 0; t < k.Length; t++)
                {
                    sum += source.Rgb[(first + t) * stride + i] * k[t];
                }
                output[y * stride + i] = Clip8(sum);
            }
        }
        return new RgbPixels(source.Width, height, output);
    }

    private static byte Clip8(int value) => (byte)Math.Clamp(value >> PrecisionBits, 0, 255);

    private static double Cubic(double x)
    {
        const double a = -0.5;
        x = Math.Abs(x);
        if (x < 1.0)
        {
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        }
        if (x < 2.0)
        {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0.0;
    }

    /// <summary>Per output index: the first input index and the fixed-point weights of its taps.</summary>
    private sealed class Taps
    {
        private readonly int[] _weights;
        private readonly int[] _counts;
        private readonly int _stride;

        private Taps(int[] first, int[] counts, int[] weights, int stride)
        {
            First = first;
            _counts = counts;
            _weights = weights;
            _stride = stride;
        }

        public int[] First { get; }

        public ReadOnlySpan<int> Weights(int output) => _weights.AsSpan(output * _stride, _counts[output]);

        public static Taps For(int inSize, int outSize)
        {
            double scale = (double)inSize / outSize;
            double filterScale = Math.Max(scale, 1.0);
            double support = Support * filterScale;
            int stride = (int)Math.Ceiling(support) * 2 + 1;
            var first = new int[outSize];
            var counts = new int[outSize];
            var weights = new int[outSize * stride];
            var w = new double[stride];
            for (int i = 0; i < outSize; i++)
            {
                double center = (i + 0.5) * scale;
                int xmin = Math.Max((int)(center - support + 0.5), 0);
                int xmax = Math.Min((int)(center + support + 0.5), inSize) - xmin;
                double total = 0;
                for (int x = 0; x < xmax; x++)
                {
                    w[x] = Cubic((x + xmin - center + 0.5) / filterScale);
                    total += w[x];
                }
                for (int x = 0; x < xmax; x++)
                {
                    double normalized = total != 0.0 ? w[x] / total : w[x];
                    double fixedPoint = normalized * (1 << PrecisionBits);
                    weights[i * stride + x] = (int)(fixedPoint < 0 ? -0.5 + fixedPoint : 0.5 + fixedPoint);
                }
                first[i] = xmin;
                counts[i] = xmax;
            }
            return new Taps(first, counts, weights, stride);
        }
    }
}
