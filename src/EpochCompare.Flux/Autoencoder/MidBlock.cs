using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Autoencoder;

/// <summary><c>mid.block_1</c>, <c>mid.attn_1</c>, <c>mid.block_2</c> at the deepest width.</summary>
public sealed class MidBlock : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "block_1")]
    private readonly ResnetBlock _block1;
    [ComponentName(Name = "attn_1")]
    private readonly AttnBlock _attention;
    [ComponentName(Name = "block_2")]
    private readonly ResnetBlock _block2;

    public MidBlock(long channels, Device? device = null, ScalarType? dtype = null)
        : base(nameof(MidBlock))
    {
        _block1 = new ResnetBlock(channels, channels, device, dtype);
        _attention = new AttnBlock(channels, device, dtype);
        _block2 = new ResnetBlock(channels, channels, device, dtype);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        return _block2.forward(_attention.forward(_block1.forward(x))).MoveToOuterDisposeScope();
    }
}
