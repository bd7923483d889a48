using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Autoencoder;

/// <summary>A resolution level's checkpoint names: <c>block.{j}</c> and, when present, <c>downsample</c> or <c>upsample</c>. The encoder and decoder run the blocks themselves.</summary>
internal sealed class AutoencoderLevel : nn.Module
{
    public AutoencoderLevel(IEnumerable<ResnetBlock> blocks, nn.Module? resample, string resampleName)
        : base(nameof(AutoencoderLevel))
    {
        var list = new ModuleList<ResnetBlock>();
        foreach (ResnetBlock block in blocks)
        {
            list.Add(block);
        }
        register_module("block", list);
        if (resample is not null)
        {
            register_module(resampleName, resample);
        }
    }
}
