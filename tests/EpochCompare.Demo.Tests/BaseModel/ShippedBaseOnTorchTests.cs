using EpochCompare.Flux.Checkpoints;
using EpochCompare.Flux.Devices;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.TextEncoding;
using static TorchSharp.torch;

namespace EpochCompare.Demo.Tests.BaseModel;

/// <summary>The shipped flux-tiny base on the TorchSharp engine: unchanged weights, same keys, same math.</summary>
public sealed class ShippedBaseOnTorchTests
{
    private static string BasePath => ShippedAssets.Verified(ShippedAssets.FluxTinyBase);

    [Fact]
    public void Every_key_of_the_shipped_base_has_its_place_and_every_place_its_key()
    {
        using FluxTinyBase loaded = FluxTinyBase.Load(BasePath, ComputeDevice.Cpu); // strict: throws naming any misfit
        using var file = SafeTensorsFile.Open(BasePath);
        var textKeys = file.Names.Where(n => n.StartsWith(TinyTextEncoder.KeyPrefix, StringComparison.Ordinal)).Select(n => n[TinyTextEncoder.KeyPrefix.Length..]);
        Assert.Equal(20, textKeys.Count());
        Assert.Equal(textKeys.Order(StringComparer.Ordinal), loaded.Text.state_dict().Keys.Order(StringComparer.Ordinal));
        var transformerKeys = file.Names.Where(n => !n.StartsWith(TinyTextEncoder.KeyPrefix, StringComparison.Ordinal));
        Assert.Equal(transformerKeys.Order(StringComparer.Ordinal), loaded.Transformer.state_dict().Keys.Order(StringComparer.Ordinal));
        Assert.All(loaded.Transformer.parameters(), p => Assert.Equal(ScalarType.Float32, p.dtype));
    }

    [Fact]
    public void Text_encoder_gives_what_the_own_engine_recorded_on_the_shipped_weights()
    {
        using SafeTensorsFile fixture = SafeTensorsFile.Open(Path.Combine(AppContext.BaseDirectory, "Fixtures", "text-encoder", "shipped-text-encoder-outputs.safetensors"));
        string[] prompts = fixture.Metadata["prompts"].Split('\n');
        using FluxTinyBase loaded = FluxTinyBase.Load(BasePath, ComputeDevice.Cpu);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        TextConditioning torchText = loaded.Text.Encode(prompts);
        Close(fixture.ReadSingles("context"), torchText.Context, "context");
        Close(fixture.ReadSingles("pooled"), torchText.Pooled, "pooled");
    }

    private static void Close(float[] expected, Tensor actual, string what)
    {
        float[] values = actual.contiguous().data<float>().ToArray();
        Assert.Equal(expected.Length, values.Length);
        double maxError = 0, maxValue = 0;
        for (int i = 0; i < values.Length; i++)
        {
            maxError = Math.Max(maxError, Math.Abs((double)values[i] - expected[i]));
            maxValue = Math.Max(maxValue, Math.Abs((double)expected[i]));
        }
        Assert.True(maxError <= 1e-5 * maxValue, $"{what}: relative error {maxError / maxValue:E3}");
    }
}
