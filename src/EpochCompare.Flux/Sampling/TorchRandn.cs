using EpochCompare.Flux.SafeTensors;

namespace EpochCompare.Flux.Sampling;

/// <summary>
/// <c>torch.randn(shape, generator=torch.Generator("cpu").manual_seed(seed), dtype=...)</c>, bit for bit
/// (PyTorch's CPU <c>normal_kernel</c> on an AVX2 build). This is how the reference, ComfyUI and kohya turn
/// a seed into starting noise, so a seed here means the same picture as in the user's other tools.
/// </summary>
/// <remarks>
/// Three algorithms, chosen like PyTorch chooses them:
/// fewer than 16 values: the scalar double Box-Muller with a cached second sample;
/// 16 or more in float32: uniforms first, then Box-Muller over windows of 16 (pairs j, j+8) in float with
/// the AVX2 Cephes log/sincos, and a tail that redraws the last 16 uniforms;
/// 16 or more in bfloat16: the same windows with every intermediate rounded to bfloat16.
/// </remarks>
public static class TorchRandn
{
    private const int Window = 16;
    private const int Half = Window / 2;

    // randn is normal(mean 0, std 1): torch still applies `* std + mean`, which turns -0 into +0.
    private const float Std = 1f;
    private const float Mean = 0f;

    /// <summary>Standard normal noise in row-major order of <paramref name="shape"/>; bfloat16 values are returned widened to float.</summary>
    public static float[] Sample(ulong seed, ReadOnlySpan<int> shape, NoiseDType dtype)
    {
        long count = 1;
        foreach (int dim in shape)
        {
            if (dim < 0)
            {
                throw new ArgumentException($"randn: negative dimension in shape [{string.Join(", ", shape.ToArray())}]");
            }
            count *= dim;
        }
        if (count > Array.MaxLength)
        {
            throw new ArgumentException($"randn: shape [{string.Join(", ", shape.ToArray())}] has too many values");
        }
        var values = new float[count];
        Fill(new Mt19937(seed), values, dtype);
        return values;
    }

    /// <summary>Fills <paramref name="destination"/> as one contiguous <c>randn</c> call drawing from <paramref name="generator"/>.</summary>
    public static void Fill(Mt19937 generator, Span<float> destination, NoiseDType dtype)
    {
        if (destination.Length < Window)
        {
            FillScalarDouble(generator, destination, dtype);
            return;
        }

        DrawUniforms(generator, destination, dtype);
        for (int start = 0; start + Window <= destination.Length; start += Window)
        {
            BoxMuller(destination.Slice(start, Window), dtype);
        }
        if (destination.Length % Window != 0)
        {
            // PyTorch redraws the whole last window rather than handling a ragged tail.
            Span<float> tail = destination[^Window..];
            DrawUniforms(generator, tail, dtype);
            BoxMuller(tail, dtype);
        }
    }

    private static void DrawUniforms(Mt19937 generator, Span<float> destination, NoiseDType dtype)
    {
        // uniform_real: keep the low `digits` bits of one 32-bit draw, scale to [0, 1).
        int digits = dtype == NoiseDType.BFloat16 ? 8 : 24;
        uint mask = (1u << digits) - 1u;
        float scale = 1f / (1u << digits);
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = (generator.NextUInt32() & mask) * scale;
        }
    }

    private static void BoxMuller(Span<float> window, NoiseDType dtype)
    {
        if (dtype == NoiseDType.BFloat16)
        {
            BoxMullerBFloat16(window);
        }
        else
        {
            BoxMullerFloat32(window);
        }
    }

    private static void BoxMullerFloat32(Span<float> window)
    {
        float twoPi = (float)(2.0 * Math.PI);
        for (int j = 0; j < Half; j++)
        {
            float u1 = 1f - window[j];
            float u2 = window[j + Half];
            float radius = MathF.Sqrt(-2f * TorchAvx2Math.Log(u1));
            (float sin, float cos) = TorchAvx2Math.SinCos(twoPi * u2);
            window[j] = MathF.FusedMultiplyAdd(radius * cos, Std, Mean);
            window[j + Half] = MathF.FusedMultiplyAdd(radius * sin, Std, Mean);
        }
    }

    private static void BoxMullerBFloat16(Span<float> window)
    {
        for (int j = 0; j < Half; j++)
        {
            float u1 = BFloat16Bits.Round(1f - window[j]);
            float u2 = window[j + Half];
            float log = BFloat16Bits.Round(MathF.Log(u1));
            float radius = BFloat16Bits.Round(MathF.Sqrt(BFloat16Bits.Round(-2f * log)));
            // The angle is formed in double (2.0f * pi<double> * u2), then rounded to bfloat16.
            float theta = BFloat16Bits.Round((float)(2.0 * Math.PI * u2));
            window[j] = ScaleAndShiftBFloat16(radius * BFloat16Bits.Round(MathF.Cos(theta)));
            window[j + Half] = ScaleAndShiftBFloat16(radius * BFloat16Bits.Round(MathF.Sin(theta)));
        }
    }

    private static float ScaleAndShiftBFloat16(float product) =>
        BFloat16Bits.Round(BFloat16Bits.Round(BFloat16Bits.Round(product) * Std) + Mean);

    private static void FillScalarDouble(Mt19937 generator, Span<float> destination, NoiseDType dtype)
    {
        // at::normal_distribution<double>: 53-bit uniforms; each Box-Muller pair yields cos now and
        // caches sin for the next value.
        const double scale = 1.0 / (1UL << 53);
        const ulong mask = (1UL << 53) - 1;
        double? cached = null;
        for (int i = 0; i < destination.Length; i++)
        {
            double value;
            if (cached is double next)
            {
                value = next;
                cached = null;
            }
            else
            {
                double u1 = (generator.NextUInt64() & mask) * scale;
                double u2 = (generator.NextUInt64() & mask) * scale;
                double radius = Math.Sqrt(-2.0 * Math.Log(1.0 - u2));
                double theta = 2.0 * Math.PI * u1;
                cached = radius * Math.Sin(theta);
                value = radius * Math.Cos(theta);
            }
            value = value * Std + Mean;
            destination[i] = dtype == NoiseDType.BFloat16 ? BFloat16Bits.Round((float)value) : (float)value;
        }
    }
}
