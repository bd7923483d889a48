using TorchSharp;
using TorchSharp.Utils;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Autoencoder;

/// <summary>
/// BFL's encoder: <c>conv_in</c>; per level <c>down.{i}.block.{j}</c> (num_res_blocks each) and, except
/// at the last level, <c>down.{i}.downsample</c>; <c>mid.{block_1, attn_1, block_2}</c>; <c>norm_out</c>,
/// swish, <c>conv_out</c> to 2 x z_channels (mean and log-variance).
/// </summary>
public sealed class Encoder : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "conv_in")]
    private readonly Conv2d _convIn;
    private readonly List<(List<ResnetBlock> Blocks, Downsample? Downsample)> _levels = [];
    [ComponentName(Name = "mid")]
    private readonly MidBlock _mid;
    [ComponentName(Name = "norm_out")]
    private readonly GroupNorm _normOut;
    [ComponentName(Name = "conv_out")]
    private readonly Conv2d _convOut;

    public Encoder(AutoencoderConfig config, Device? device = null, ScalarType? dtype = null)
        : base(nameof(Encoder))
    {
        _convIn = AutoencoderLayers.Conv3x3(config.InChannels, config.Ch, device, dtype);
        var down = new ModuleList<nn.Module>();
        long blockIn = config.Ch;
        for (int level = 0; level < config.ChMult.Count; level++)
        {
            long blockOut = config.Ch * config.ChMult[level];
            var blocks = new List<ResnetBlock>();
            for (int j = 0; j < config.NumResBlocks; j++)
            {
                blocks.Add(new ResnetBlock(blockIn, blockOut, device, dtype));
                blockIn = blockOut;
            }
            Downsample? downsample = level != config.ChMult.Count - 1 ? new Downsample(blockIn, device, dtype) : null;
            down.Add(new AutoencoderLevel(blocks, downsample, "downsample"));
            _levels.Add((blocks, downsample));
        }
        register_module("down", down);
        _mid = new MidBlock(blockIn, device, dtype);
        _normOut = AutoencoderLayers.Norm(blockIn, device, dtype);
        _convOut = AutoencoderLayers.Conv3x3(blockIn, 2 * config.ZChannels, device, dtype);
        RegisterComponents();
    }

    /// <summary>Outputs after conv_in, after each level's last block (before its downsample) and after mid, when asked.</summary>
    public Tensor Forward(Tensor x, IList<Tensor>? intermediates)
    {
        using var scope = torch.NewDisposeScope();
        Tensor h = _convIn.forward(x);
        intermediates?.Add(h);
        foreach ((List<ResnetBlock> blocks, Downsample? downsample) in _levels)
        {
            foreach (ResnetBlock block in blocks)
            {
                h = block.forward(h);
            }
            intermediates?.Add(h);
            if (downsample is not null)
            {
                h = downsample.forward(h);
            }
        }
        h = _mid.forward(h);
        intermediates?.Add(h);
        Tensor moments = _convOut.forward(nn.functional.silu(_normOut.forward(h)));
        if (intermediates is not null)
        {
            for (int i = 0; i < intermediates.Count; i++)
            {
                intermediates[i] = intermediates[i].MoveToOuterDisposeScope();
            }
        }
        return moments.MoveToOuterDisposeScope();
    }

    public override Tensor forward(Tensor x) => Forward(x, null);
}
