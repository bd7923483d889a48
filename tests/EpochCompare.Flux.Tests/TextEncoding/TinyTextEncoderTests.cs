using EpochCompare.Flux.TextEncoding.OwnEngine;
using ITextConditioner = EpochCompare.Flux.TextEncoding.OwnEngine.ITextConditioner;
using TextConditioning = EpochCompare.Flux.TextEncoding.OwnEngine.TextConditioning;
using TinyTextEncoder = EpochCompare.Flux.TextEncoding.OwnEngine.TinyTextEncoder;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.Tests.TextEncoding;

public class TinyTextEncoderTests
{
    private static TinyTextEncoder Small(ulong seed)
    {
        var tokenizer = new WordTokenizer(["car", "revolver", "red", ","], hashBuckets: 4, maxLength: 8);
        var encoder = new TinyTextEncoder(new TinyTextEncoderConfig(Width: 8, PooledDim: 6, Layers: 2, Heads: 2), tokenizer);
        encoder.InitializeRandom(seed);
        return encoder;
    }

    [Fact]
    public void FluxTinyMatchesTheTransformerPresetAndNamesEveryParameter()
    {
        TinyTextEncoder encoder = TinyTextEncoder.CreateFluxTiny();
        Assert.Equal(FluxPresets.Tiny.ContextInDim, encoder.ContextDim);
        Assert.Equal(FluxPresets.Tiny.VecInDim, encoder.PooledDim);

        string[] names = encoder.Parameters.Select(p => p.Name).ToArray();
        Assert.Equal(names.Length, names.Distinct().Count());
        Assert.All(names, n => Assert.StartsWith(TinyTextEncoder.KeyPrefix, n));
        Assert.Contains("text_encoder.layers.1.attn.qkv.weight", names);
        Assert.Contains("text_encoder.pooled_proj.bias", names);
        Assert.Equal([WordTokenizer.FluxTiny.VocabularySize, 128], encoder.TokenEmbedding.Shape.ToArray());
    }

    [Fact]
    public void ParametersSaveUnderTheirNamesAndReloadToTheSameOutputs()
    {
        TinyTextEncoder original = Small(9);
        using var temp = new TempDirectory();
        string path = temp.File("tiny.safetensors");
        SafeTensorsWriter.Write(path, original.Parameters.Select(p =>
            SafeTensorToWrite.F32(p.Name, p.Shape.ToArray().Select(d => (long)d).ToArray(), p.ToArray())));

        TinyTextEncoder reloaded = Small(10);
        using (var file = SafeTensorsFile.Open(path))
        {
            Assert.Equal(original.Parameters.Count, file.Entries.Count);
            foreach (Parameter p in reloaded.Parameters)
            {
                file.ReadSingles(file.GetEntry(p.Name), p.Span);
            }
        }

        Assert.Equal(original.Encode(["red car"]).Pooled.ToArray(), reloaded.Encode(["red car"]).Pooled.ToArray());
    }

    [Fact]
    public void EncodeGivesContextAndPooledPerPrompt()
    {
        TinyTextEncoder encoder = Small(1);
        TextConditioning result = encoder.Encode(["red car", "revolver"]);
        Assert.Equal([2, 8, 8], result.Context.Shape.ToArray());
        Assert.Equal([2, 6], result.Pooled.Shape.ToArray());
        Assert.NotEqual(result.Pooled.ToArray()[..6], result.Pooled.ToArray()[6..]);
    }

    [Fact]
    public void SameSeedSameOutputsAndAPromptDoesNotDependOnItsBatch()
    {
        float[] alone = Small(3).Encode(["red car"]).Pooled.ToArray();
        float[] inBatch = Small(3).Encode(["revolver", "red car"]).Pooled.ToArray()[6..];
        Assert.Equal(alone, inBatch);
        Assert.NotEqual(alone, Small(4).Encode(["red car"]).Pooled.ToArray());
    }

    [Fact]
    public void TriggerWordChangesTheConditioning()
    {
        TinyTextEncoder encoder = Small(5);
        Assert.NotEqual(encoder.Encode(["car"]).Pooled.ToArray(), encoder.Encode(["ohwx car"]).Pooled.ToArray());
    }

    [Fact]
    public void GradientsReachEveryParameterAndMatchFiniteDifferences()
    {
        TinyTextEncoder encoder = Small(7);
        float[] weights = Enumerable.Range(0, 2 * 8 * 8).Select(i => MathF.Sin(i * 0.37f)).ToArray();
        float[] pooledWeights = Enumerable.Range(0, 2 * 6).Select(i => MathF.Cos(i * 0.91f)).ToArray();
        float Loss()
        {
            using var _ = new NoGrad();
            TextConditioning c = encoder.Encode(["red car", "revolver ,"]);
            return Dot(c.Context.Span, weights) + Dot(c.Pooled.Span, pooledWeights);
        }

        TextConditioning conditioning = encoder.Encode(["red car", "revolver ,"]);
        Tensor loss = Ops.Add(
            Ops.Sum(Ops.Mul(conditioning.Context, Tensor.FromArray(weights, 2, 8, 8))),
            Ops.Sum(Ops.Mul(conditioning.Pooled, Tensor.FromArray(pooledWeights, 2, 6))));
        loss.Backward();

        Assert.All(encoder.Parameters, p => Assert.True(p.Grad is not null && p.Grad.ToArray().Any(g => g != 0f), p.Name));

        // Central differences (h small against the 0.02-scale embeddings, which LayerNorm makes very nonlinear)
        // on a few entries of the embedding rows the prompts use and of a deep weight.
        int carRow = encoder.Tokenizer.Id("car");
        var probes = new (Parameter Parameter, int Index)[]
        {
            (encoder.TokenEmbedding, carRow * 8 + 3),
            (encoder.PositionEmbedding, 1 * 8 + 5),
            (encoder.Parameters.First(p => p.Name == "text_encoder.layers.0.attn.qkv.weight"), 17),
            (encoder.Parameters.First(p => p.Name == "text_encoder.layers.1.mlp.0.weight"), 40),
            (encoder.PooledWeight, 9),
        };
        foreach ((Parameter parameter, int index) in probes)
        {
            float analytic = parameter.Grad!.Span[index];
            float original = parameter.Span[index];
            const float h = 1e-3f;
            parameter.Span[index] = original + h;
            float up = Loss();
            parameter.Span[index] = original - h;
            float down = Loss();
            parameter.Span[index] = original;
            float numeric = (up - down) / (2 * h);
            Assert.True(Math.Abs(numeric - analytic) <= 2e-2f * Math.Max(1f, Math.Abs(analytic)),
                $"{parameter.Name}[{index}]: analytic {analytic}, numeric {numeric}");
        }
    }

    private static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }
        return (float)sum;
    }
}
