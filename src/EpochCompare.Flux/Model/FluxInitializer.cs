using EpochCompare.Flux.Modules;

namespace EpochCompare.Flux.Model;

/// <summary>
/// Fresh weights for training from scratch, the way PyTorch initialises the reference modules:
/// Linear weight and bias ~ U(-1/sqrt(in), 1/sqrt(in)); RMSNorm scales = 1. Deterministic for a seed.
/// </summary>
public static class FluxInitializer
{
    public static void Initialize(Module model, int seed)
    {
        var random = new Random(seed);
        foreach (Module module in model.Modules())
        {
            switch (module)
            {
                case Linear linear:
                    float bound = 1f / MathF.Sqrt(linear.InFeatures);
                    Fill(linear.Weight, random, bound);
                    if (linear.Bias is { } bias)
                    {
                        Fill(bias, random, bound);
                    }
                    break;
                case RmsNorm norm:
                    norm.Scale.Allocate().Span.Fill(1f);
                    break;
            }
        }
    }

    private static void Fill(ParameterSlot slot, Random random, float bound)
    {
        Span<float> values = slot.Allocate().Span;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1) * bound;
        }
    }
}
