using EpochCompare.Flux.Autoencoder;
using EpochCompare.Flux.TextEncoders.T5;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.WeightLoading;

/// <summary>
/// The FLUX autoencoder's and T5's state dicts hold each weight once, under its checkpoint name: a module's children
/// registered by hand must not also be picked up again under their C# field names.
/// </summary>
public class StateDictAliasTests
{
    public static TheoryData<string> Models => new() { "vae", "t5" };

    [Theory]
    [MemberData(nameof(Models))]
    public void StateDictHasEveryParameterOnceUnderItsCheckpointName(string name)
    {
        using nn.Module model = name == "vae"
            ? new FluxAutoencoder(new AutoencoderConfig(3, 32, 3, [1, 2], 1, 16, 0.3611, 0.1159), META)
            : new T5EncoderModel(new T5Config(100, 16, 4, 2, 24, 2, 8, 16, 1e-6), META);
        var keys = model.state_dict().Keys.ToList();
        var parameters = model.named_parameters().Select(p => p.name).ToList();
        Assert.Equal(parameters.Count, parameters.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(parameters.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(keys, k => k.Split('.').Any(part => part.StartsWith('_') || part.Contains('<')));
    }
}
