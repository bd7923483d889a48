using EpochCompare.Flux.Weights;
using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Autoencoder;

/// <summary>
/// FLUX.1's autoencoder (BFL <c>AutoEncoder</c>, <c>ae.safetensors</c> names <c>encoder.*</c>, <c>decoder.*</c>).
/// <see cref="Encode"/> is the deterministic path (the mean, then <c>(z - shift) * scale</c>): what
/// training latents are cached from. <see cref="Decode"/> undoes the scaling and runs the decoder.
/// </summary>
public sealed class FluxAutoencoder : nn.Module<Tensor, Tensor>
{
    public const string ProbeKey = "encoder.down.0.block.0.conv1.weight";

    [ComponentName(Name = "encoder")]
    private readonly Encoder _encoder;
    [ComponentName(Name = "decoder")]
    private readonly Decoder _decoder;

    public FluxAutoencoder(AutoencoderConfig config, Device? device = null, ScalarType? dtype = null)
        : base(nameof(FluxAutoencoder))
    {
        Config = config;
        _encoder = new Encoder(config, device, dtype);
        _decoder = new Decoder(config, device, dtype);
        RegisterComponents();
    }

    public AutoencoderConfig Config { get; }

    public Encoder Encoder => _encoder;

    public Decoder Decoder => _decoder;

    /// <summary>Image (B, 3, H, W) in [-1, 1] to the scaled latent (B, z, H/f, W/f).</summary>
    public Tensor Encode(Tensor image)
    {
        using var scope = torch.NewDisposeScope();
        Tensor mean = _encoder.forward(image).chunk(2, 1)[0];
        return Scale(mean).MoveToOuterDisposeScope();
    }

    /// <summary>kohya's caching path: <c>scale * ((mean + exp(logvar / 2) * noise) - shift)</c>.</summary>
    public Tensor EncodeSampled(Tensor image, Tensor noise)
    {
        using var scope = torch.NewDisposeScope();
        Tensor[] moments = _encoder.forward(image).chunk(2, 1);
        Tensor sample = moments[0] + torch.exp(moments[1] * 0.5) * noise;
        return Scale(sample).MoveToOuterDisposeScope();
    }

    /// <summary>Scaled latent (B, z, h, w) to the image (B, 3, h*f, w*f).</summary>
    public Tensor Decode(Tensor latent)
    {
        using var scope = torch.NewDisposeScope();
        return _decoder.forward(Unscale(latent)).MoveToOuterDisposeScope();
    }

    /// <summary>Round trip (what BFL's <c>AutoEncoder.forward</c> does).</summary>
    public override Tensor forward(Tensor image)
    {
        using var scope = torch.NewDisposeScope();
        return Decode(Encode(image)).MoveToOuterDisposeScope();
    }

    /// <summary>What <see cref="Decode"/> feeds the decoder: <c>latent / scale + shift</c>.</summary>
    public Tensor Unscale(Tensor latent) => latent / Config.ScaleFactor + Config.ShiftFactor;

    private Tensor Scale(Tensor z) => (z - Config.ShiftFactor) * Config.ScaleFactor;

    /// <summary>
    /// Builds the autoencoder on the meta device and materialises <paramref name="source"/> (BFL names) onto
    /// <paramref name="device"/> in <paramref name="dtype"/> (float32 when null); one line naming the file if the weights do not fit.
    /// </summary>
    public static FluxAutoencoder Load(TensorSource source, string fileName, AutoencoderConfig config, Device? device = null, ScalarType? dtype = null)
    {
        if (!source.Contains(ProbeKey))
        {
            throw new InvalidDataException($"{fileName}: not a FLUX autoencoder (no '{source.Prefix}{ProbeKey}').");
        }
        ScalarType loadType = dtype ?? ScalarType.Float32;
        var model = new FluxAutoencoder(config, META, loadType);
        try
        {
            ModuleMaterializer.LoadStrict(model, source, fileName, device, new LoadPrecision(loadType));
        }
        catch
        {
            model.Dispose();
            throw;
        }
        model.eval();
        return model;
    }
}
