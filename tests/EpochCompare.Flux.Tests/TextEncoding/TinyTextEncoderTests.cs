using EpochCompare.Flux.Config;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Flux.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.TextEncoding;

public class TinyTextEncoderTests
{
    /// <summary>
    /// A small encoder whose weights come from its own generator: LibTorch's global generator is shared with the
    /// tests running in parallel, so seeding it and then building a module did not always give the same weights.
    /// </summary>
    private static TinyTextEncoder Small(long seed)
    {
        var tokenizer = new WordTokenizer(["car", "revolver", "red", ","], hashBuckets: 4, maxLength: 8);
        var encoder = new TinyTextEncoder(new TinyTextEncoderConfig(Width: 8, PooledDim: 6, Layers: 2, Heads: 2), tokenizer);
        using var generator = new Generator((ulong)seed);
        using var noGrad = no_grad();
        foreach (Tensor parameter in encoder.parameters())
        {
            parameter.normal_(0, 0.3, generator);
        }
        return encoder;
    }

    private static float[] Pooled(TinyTextEncoder encoder, params string[] prompts)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return encoder.Encode(prompts).Pooled.data<float>().ToArray();
    }

    [Fact]
    public void FluxTinyMatchesTheTransformerPresetAndNamesEveryParameter()
    {
        using TinyTextEncoder encoder = TinyTextEncoder.CreateFluxTiny(META);
        Assert.Equal(FluxPresets.Tiny.ContextInDim, encoder.ContextDim);
        Assert.Equal(FluxPresets.Tiny.VecInDim, encoder.PooledDim);

        var parameters = encoder.state_dict();
        Assert.Contains("layers.1.attn.qkv.weight", parameters.Keys);
        Assert.Contains("pooled_proj.bias", parameters.Keys);
        Assert.Equal([WordTokenizer.FluxTiny.VocabularySize, 128], parameters["token_embedding.weight"].shape);
        Assert.Equal(parameters.Count, encoder.parameters().Count());
    }

    [Fact]
    public void WeightsSaveUnderTheirPrefixedNamesAndReloadToTheSameOutputs()
    {
        using TinyTextEncoder original = Small(9);
        using var temp = new TempDirectory();
        string path = temp.File("tiny.safetensors");
        SafeTensorsWriter.Write(path, original.state_dict().Select(kv => SafeTensorTorch.ToWrite(TinyTextEncoder.KeyPrefix + kv.Key, kv.Value)));

        using TinyTextEncoder reloaded = Small(10);
        Assert.NotEqual(Pooled(original, "red car"), Pooled(reloaded, "red car"));
        using (var file = SafeTensorsFile.Open(path))
        {
            StateDictLoader.LoadStrict(reloaded, file, TinyTextEncoder.KeyPrefix);
        }
        Assert.Equal(Pooled(original, "red car"), Pooled(reloaded, "red car"));
    }

    [Fact]
    public void EncodeGivesContextAndPooledPerPrompt()
    {
        using TinyTextEncoder encoder = Small(1);
        using var scope = NewDisposeScope();
        TextConditioning result = encoder.Encode(["red car", "revolver"]);
        Assert.Equal([2L, 8, 8], result.Context.shape);
        Assert.Equal([2L, 6], result.Pooled.shape);
        float[] pooled = result.Pooled.data<float>().ToArray();
        Assert.NotEqual(pooled[..6], pooled[6..]);
    }

    [Fact]
    public void SameSeedSameOutputsAndAPromptDoesNotDependOnItsBatch()
    {
        using TinyTextEncoder a = Small(3), b = Small(3), c = Small(4);
        float[] alone = Pooled(a, "red car");
        float[] inBatch = Pooled(b, "revolver", "red car")[6..];
        for (int i = 0; i < alone.Length; i++)
        {
            Assert.Equal(alone[i], inBatch[i], 6);
        }
        Assert.NotEqual(alone, Pooled(c, "red car"));
    }

    [Fact]
    public void TriggerWordChangesTheConditioning()
    {
        using TinyTextEncoder encoder = Small(5);
        Assert.NotEqual(Pooled(encoder, "car"), Pooled(encoder, "ohwx car"));
    }

    [Fact]
    public void GradientsReachEveryParameterAndMatchFiniteDifferences()
    {
        using TinyTextEncoder encoder = Small(7);
        using var scope = NewDisposeScope();
        Tensor weights = tensor(Enumerable.Range(0, 2 * 8 * 8).Select(i => Math.Sin(i * 0.37)).ToArray(), [2, 8, 8]);
        Tensor pooledWeights = tensor(Enumerable.Range(0, 2 * 6).Select(i => Math.Cos(i * 0.91)).ToArray(), [2, 6]);
        string[] prompts = ["red car", "revolver ,"];
        // The loss in float64 (a copy of the encoder) for the differences; the analytic gradient from the float32 model.
        Tensor Loss(TinyTextEncoder e)
        {
            TextConditioning c = e.Encode(prompts);
            return (c.Context.to_type(ScalarType.Float64) * weights).sum() + (c.Pooled.to_type(ScalarType.Float64) * pooledWeights).sum();
        }
        Loss(encoder).backward();
        Assert.All(encoder.named_parameters(), p => Assert.True(p.parameter.grad is { } g && g.abs().max().item<float>() > 0f, p.name));

        using TinyTextEncoder precise = Small(7);
        precise.to(ScalarType.Float64);
        int carRow = encoder.Tokenizer.Id("car");
        var probes = new (string Name, long Index)[]
        {
            ("token_embedding.weight", carRow * 8 + 3),
            ("position_embedding.weight", 1 * 8 + 5),
            ("layers.0.attn.qkv.weight", 17),
            ("layers.1.mlp.0.weight", 40),
            ("pooled_proj.weight", 9),
        };
        var analytic = encoder.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.flatten());
        var values = precise.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach ((string name, long index) in probes)
        {
            double expected = analytic[name][index].item<float>();
            Tensor flat = values[name].detach().view(-1);
            double original = flat[index].item<double>();
            const double h = 1e-5;
            double up, down;
            using (no_grad())
            {
                flat[index] = original + h;
                up = Loss(precise).item<double>();
                flat[index] = original - h;
                down = Loss(precise).item<double>();
                flat[index] = original;
            }
            double numeric = (up - down) / (2 * h);
            Assert.True(Math.Abs(numeric - expected) <= 1e-3 * Math.Max(1, Math.Abs(expected)), $"{name}[{index}]: analytic {expected}, numeric {numeric}");
        }
    }
}
