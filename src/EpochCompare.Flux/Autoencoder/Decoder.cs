using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Autoencoder;

/// <summary>
/// BFL's decoder: <c>conv_in</c> from z_channels; <c>mid</c>; the levels from deepest to shallowest,
/// each <c>up.{i}.block.{j}</c> (num_res_blocks + 1) then, except level 0, <c>up.{i}.upsample</c>;
/// <c>norm_out</c>, swish, <c>conv_out</c> to out_ch. <c>up.{i}</c> is stored by level, run in reverse.
/// </summary>
public sealed class Decoder : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "conv_in")]
    private readonly Conv2d _convIn;
    [ComponentName(Name = "mid")]
    private readonly MidBlock _mid;
    private readonly List<(List<ResnetBlock> Blocks, Upsample? Upsample)> _levels = [];
    [ComponentName(Name = "norm_out")]
    private readonly GroupNorm _normOut;
    [ComponentName(Name = "conv_out")]
    private readonly Conv2d _convOut;

    public Decoder(AutoencoderConfig config, Device? device = null, ScalarType? dtype = null)
        : base(nameof(Decoder))
    {
        int levels = config.ChMult.Count;
        long blockIn = config.Ch * config.ChMult[levels - 1];
        _convIn = AutoencoderLayers.Conv3x3(config.ZChannels, blockIn, device, dtype);
        _mid = new MidBlock(blockIn, device, dtype);
        var byLevel = new AutoencoderLevel[levels];
        for (int level = levels - 1; level >= 0; level--)
        {
            long blockOut = config.Ch * config.ChMult[level];
            var blocks = new List<ResnetBlock>();
            for (int j = 0; j < config.NumResBlocks + 1; j++)
            {
                blocks.Add(new ResnetBlock(blockIn, blockOut, device, dtype));
                blockIn = blockOut;
            }
            Upsample? upsample = level != 0 ? new Upsample(blockIn, device, dtype) : null;
            byLevel[level] = new AutoencoderLevel(blocks, upsample, "upsample");
            _levels.Add((blocks, upsample));
        }
        var up = new ModuleList<nn.Module>();
        foreach (AutoencoderLevel level in byLevel)
        {
            up.Add(level);
        }
        register_module("up", up);
        _normOut = AutoencoderLayers.Norm(blockIn, device, dtype);
        _convOut = AutoencoderLayers.Conv3x3(blockIn, config.OutCh, device, dtype);
        RegisterComponents();
    }

    /// <summary>Outputs after conv_in, after mid, and after each level's last block (deepest first, before its upsample), when asked.</summary>
    public Tensor Forward(Tensor z, IList<Tensor>? intermediates)
    {
        using var scope = torch.NewDisposeScope();
        Tensor h = _convIn.forward(z);
        intermediates?.Add(h);
        h = _mid.forward(h);
        intermediates?.Add(h);
        foreach ((List<ResnetBlock> blocks, Upsample? upsample) in _levels)
        {
            foreach (ResnetBlock block in blocks)
            {
                h = block.forward(h);
            }
            intermediates?.Add(h);
            if (upsample is not null)
            {
                h = upsample.forward(h);
            }
        }
        Tensor image = _convOut.forward(nn.functional.silu(_normOut.forward(h)));
        if (intermediates is not null)
        {
            for (int i = 0; i < intermediates.Count; i++)
            {
                intermediates[i] = intermediates[i].MoveToOuterDisposeScope();
            }
        }
        return image.MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor z) => Forward(z, null);
}
