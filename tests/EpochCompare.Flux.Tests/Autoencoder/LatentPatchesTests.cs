using EpochCompare.Flux.Autoencoder;
using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.Tests.TextEncoders;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.Autoencoder;

/// <summary>The tensor 2x2 packing equals the index-by-index reference layout and inverts exactly.</summary>
public class LatentPatchesTests
{
    [Theory]
    [InlineData(2, 16, 12, 20)]
    [InlineData(1, 3, 4, 2)]
    public void PackEqualsTheReferenceLayoutAndUnpackInverts(int batch, int channels, int height, int width)
    {
        using var scope = torch.NewDisposeScope();
        Tensor latent = torch.randn([batch, channels, height, width], generator: new torch.Generator(5));
        float[] values = GoldenTensors.Floats(latent);

        Tensor tokens = LatentPatches.Pack(latent);

        Assert.Equal(new long[] { batch, height / 2 * (width / 2), channels * 4 }, tokens.shape);
        Assert.Equal(LatentPacking.Pack(values, batch, channels, height, width), GoldenTensors.Floats(tokens));
        Assert.Equal(values, GoldenTensors.Floats(LatentPatches.Unpack(tokens, height, width)));
    }

    [Fact]
    public void OddLatentSideIsRejected()
    {
        using Tensor latent = torch.zeros(1, 16, 5, 4);
        Assert.Throws<ArgumentException>(() => LatentPatches.Pack(latent));
    }
}
