using EpochCompare.Flux.Config;
using EpochCompare.Flux.Model;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.Tests.Model;

/// <summary>Deterministic random inputs for a config: a square-ish image grid with FLUX's (0, row, col) ids.</summary>
internal static class TinyInputs
{
    public static FluxInputs Create(FluxParams p, int batch, int imgTokens, int txtTokens, int seed)
    {
        var random = new Random(seed);
        Tensor Random(params int[] shape)
        {
            var t = Tensor.Zeros(shape);
            Span<float> s = t.Span;
            for (int i = 0; i < s.Length; i++)
            {
                s[i] = (float)(random.NextDouble() * 2 - 1);
            }
            return t;
        }

        int width = (int)Math.Ceiling(Math.Sqrt(imgTokens));
        var imgIds = Tensor.Zeros(batch, imgTokens, 3);
        for (int b = 0; b < batch; b++)
        {
            for (int i = 0; i < imgTokens; i++)
            {
                imgIds.Span[(b * imgTokens + i) * 3 + 1] = i / width;
                imgIds.Span[(b * imgTokens + i) * 3 + 2] = i % width;
            }
        }
        float[] timesteps = Enumerable.Range(0, batch).Select(_ => (float)random.NextDouble()).ToArray();
        float[]? guidance = p.GuidanceEmbed ? Enumerable.Repeat(3.5f, batch).ToArray() : null;
        return new FluxInputs(Random(batch, imgTokens, p.InChannels), imgIds, Random(batch, txtTokens, p.ContextInDim),
            Tensor.Zeros(batch, txtTokens, 3), timesteps, Random(batch, p.VecInDim), guidance);
    }
}
