using System.CommandLine;
using EpochCompare.Flux.Autoencoder;
using EpochCompare.Flux.RealModel;
using EpochCompare.Flux.Weights;

namespace EpochCompare.Cli.Commands;

/// <summary>
/// Where the FLUX.1 files are: <c>--models DIR</c> (ComfyUI's layout) and/or each file explicitly
/// (<c>--transformer --clip-l --t5 --vae</c>, which win over the folder), and <c>--fp8</c>.
/// </summary>
internal sealed class RealFluxFileOptions
{
    private readonly Option<string?> _models = new("--models") { Description = "ComfyUI folder (or its models/): the transformer in unet/ or diffusion_models/, clip_l and t5xxl in clip/ or text_encoders/, ae in vae/.", HelpName = "dir" };
    private readonly Option<string?> _transformer = new("--transformer") { Description = "FLUX.1 transformer (flux1-dev.safetensors, fp8 variants, a ComfyUI all-in-one checkpoint, a diffusers transformer/ folder).", HelpName = "file|dir" };
    private readonly Option<string?> _clipL = new("--clip-l") { Description = "CLIP-L text encoder (clip_l.safetensors, a diffusers text_encoder/ folder or a bundle).", HelpName = "file|dir" };
    private readonly Option<string?> _t5 = new("--t5") { Description = "T5-XXL encoder (t5xxl_fp16.safetensors, t5xxl_fp8_e4m3fn.safetensors, a diffusers text_encoder_2/ folder or a bundle).", HelpName = "file|dir" };
    private readonly Option<string?> _vae = new("--vae") { Description = "FLUX autoencoder (ae.safetensors, a diffusers vae/ folder or a bundle).", HelpName = "file|dir" };
    private readonly Option<string> _fp8 = new("--fp8")
    {
        Description = "auto: Linear weights stored in fp8 stay fp8 on the device (upcast per layer); on: also round 16-bit files to fp8 at load (half the memory); off: upcast everything to --dtype.",
        DefaultValueFactory = _ => "auto",
    };

    private readonly Option<string> _offload = new("--offload")
    {
        Description = "blocks: the transformer's double and single blocks stay in CPU memory (pinned on CUDA) and visit the device one at a time for their forward (device memory: the rest plus one block; slower); none: everything on the device.",
        DefaultValueFactory = _ => "none",
    };

    private readonly Option<string> _vaeTiling = new("--vae-tiling")
    {
        Description = "on: decode in 512 px tiles overlapping by 64 px, blended linearly (memory of one tile); off: the whole image at once; auto: tiled above 1024x1024 px.",
        DefaultValueFactory = _ => "auto",
    };

    private Option[] All => [_models, _transformer, _clipL, _t5, _vae, _fp8, _offload, _vaeTiling];

    /// <summary>Adds the options; <paramref name="withFloat8"/> false leaves out <c>--fp8</c> (train has its own <c>--fp8-base</c>).</summary>
    public void AddTo(Command command, bool withFloat8 = true)
    {
        foreach (Option option in withFloat8 ? All : All.Where(o => o != _fp8))
        {
            command.Options.Add(option);
        }
    }

    public FluxModelFiles Read(ParseResult parseResult, FluxVariant variant)
    {
        try
        {
            return FluxModelFiles.Resolve(variant, parseResult.GetValue(_models), parseResult.GetValue(_transformer), parseResult.GetValue(_clipL),
                parseResult.GetValue(_t5), parseResult.GetValue(_vae));
        }
        catch (ArgumentException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    public Float8Mode ReadFloat8(ParseResult parseResult) => parseResult.GetValue(_fp8) switch
    {
        "auto" => Float8Mode.Keep,
        "on" => Float8Mode.Quantize,
        "off" => Float8Mode.Upcast,
        var other => throw new UsageException($"--fp8 must be auto, on or off, got '{other}'."),
    };

    public bool ReadOffloadBlocks(ParseResult parseResult) => parseResult.GetValue(_offload) switch
    {
        "blocks" => true,
        "none" => false,
        var other => throw new UsageException($"--offload must be blocks or none, got '{other}'."),
    };

    public VaeTiling ReadVaeTiling(ParseResult parseResult) => parseResult.GetValue(_vaeTiling) switch
    {
        "auto" => VaeTiling.Auto,
        "on" => VaeTiling.On,
        "off" => VaeTiling.Off,
        var other => throw new UsageException($"--vae-tiling must be auto, on or off, got '{other}'."),
    };

    /// <summary>These options belong to the FLUX.1 models; given with flux-tiny they are a usage error, not silently ignored.</summary>
    public void RefuseFor(ParseResult parseResult, string model)
    {
        foreach (Option option in All.Where(o => o != _fp8))
        {
            if (parseResult.GetResult(option) is { Implicit: false })
            {
                throw new UsageException($"{option.Name} is for --model flux-dev or flux-schnell, not {model}.");
            }
        }
    }
}
