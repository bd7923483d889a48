using EpochCompare.Cli.Pipeline;
using EpochCompare.Flux.Autoencoder;
using EpochCompare.Flux.Devices;
using EpochCompare.Flux.Lora;
using EpochCompare.Flux.RealModel;
using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.TextEncoders;
using EpochCompare.Flux.Transformer;
using EpochCompare.Flux.Weights;
using EpochCompare.Imaging.Formats;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Cli.Commands;

/// <summary>
/// <c>sample --model flux-dev|flux-schnell</c>: everything is checked first (files, parts, LoRA shapes, sizes,
/// existing outputs), so bad input costs one line and writes nothing. Then memory is spent in the order a GPU allows:
/// T5-XXL and CLIP-L load, every prompt is encoded once, both are freed; the transformer loads (fp8 kept as fp8
/// where asked) with the autoencoder; each column swaps only the LoRA on the loaded base.
/// </summary>
internal static class RealFluxSample
{
    private const int DefaultSize = 1024;

    public sealed record Settings(
        FluxVariant Variant,
        FluxModelFiles Files,
        Float8Mode Float8,
        bool OffloadBlocks,
        VaeTiling VaeTiling,
        IReadOnlyList<SamplePrompt> Prompts,
        IReadOnlyList<ulong>? Seeds,
        string[] Loras,
        bool WithBase,
        float LoraStrength,
        int? Steps,
        double Guidance,
        double? Cfg,
        string Negative,
        int? Width,
        int? Height,
        bool NoShift,
        NoiseDType NoiseDType,
        string OutputDir,
        ImageEncoding Encoding,
        bool Overwrite);

    public static int Run(Settings settings, ComputeDevice compute, TextWriter log, bool interactive)
    {
        using FluxPipelineFiles files = FluxPipelineFiles.Open(settings.Files, settings.Variant);
        IReadOnlyList<LoraCheckpoint> checkpoints = SampleCommand.ExpandCheckpoints(settings.Loras, log);
        var columns = new List<SampleColumn>();
        if (checkpoints.Count == 0 || settings.WithBase)
        {
            columns.Add(SampleColumn.Base);
        }
        foreach (LoraCheckpoint checkpoint in checkpoints)
        {
            columns.Add(new SampleColumn(checkpoint.ColumnName, LoraFile.Read(checkpoint.Path, files.TransformerParams), settings.LoraStrength));
        }
        List<SampleRequest> requests = Requests(settings);
        int grid = files.AutoencoderConfig.DownscaleFactor * LatentPacking.PatchSize;
        foreach (SampleRequest request in requests)
        {
            if (request.Steps < 1)
            {
                throw new UsageException($"steps must be at least 1, got {request.Steps}.");
            }
            if (request.Width <= 0 || request.Height <= 0 || request.Width % grid != 0 || request.Height % grid != 0)
            {
                throw new UsageException($"image size {request.Width}x{request.Height} is not a multiple of {grid} (the FLUX.1 autoencoder's 8 pixels per latent times 2x2 patches).");
            }
        }
        if (!settings.Overwrite)
        {
            RefuseExisting(settings, columns, requests);
        }

        Device device = compute.Resolve();
        var precision = new LoadPrecision(compute.DType, settings.Float8);
        log.WriteLine($"{files.Transformer.Name}: {settings.Variant.Name}, {files.Transformer.Description.DTypes}; computing in {compute.DTypeName} on {compute.Name}"
            + (settings.Float8 == Float8Mode.Upcast ? "" : settings.Float8 == Float8Mode.Quantize ? ", Linear weights rounded to fp8" : files.Transformer.IsFloat8 ? ", fp8 weights kept in fp8" : ""));
        IEnumerable<string> texts = requests.Select(r => r.Prompt).Concat(requests.Where(r => r.Guidance.UsesCfg).Select(r => r.NegativePrompt));
        using EncodedPrompts encodings = files.EncodePrompts(texts, device, precision);
        log.WriteLine($"encoded {requests.Select(r => r.Prompt).Distinct().Count()} prompt(s); text encoders freed");

        using FluxTransformer transformer = files.LoadTransformer(device, precision, settings.OffloadBlocks ? BlockPlacement : null);
        using BlockOffload? offload = settings.OffloadBlocks ? BlockOffload.Attach(transformer, device) : null;
        if (offload is not null)
        {
            log.WriteLine($"blocks offloaded: {offload.LargestBlockElements / 1e6:F0} M parameters at most on {compute.Name} at a time, the rest in CPU memory" + (compute.IsCuda ? " (pinned)" : ""));
        }
        using FluxAutoencoder vae = files.LoadAutoencoder(device, compute.IsCuda ? compute.DType : ScalarType.Float32);
        var sampler = new CheckpointColumnSampler(transformer, encodings, new FluxImageAutoencoder(vae) { Tiling = settings.VaeTiling });
        var renderer = new SampleSetRenderer(sampler, files.Transformer.Name, settings.OutputDir) { Encoding = settings.Encoding };
        renderer.Render(columns, requests, log, interactive);
        return CliApp.ExitOk;
    }

    /// <summary>With <c>--offload blocks</c> the blocks load to the CPU, everything else to the device.</summary>
    private static Device BlockPlacement(string key, Device device) => BlockOffload.IsBlockKey(key) ? CPU : device;

    private static List<SampleRequest> Requests(Settings s) => s.Prompts.Select(p => new SampleRequest(
        p.Prompt,
        p.NegativePrompt.Length > 0 ? p.NegativePrompt : s.Negative,
        s.Seeds ?? (p.Seed is ulong seed ? [seed] : [1UL]),
        p.Width ?? s.Width ?? DefaultSize,
        p.Height ?? s.Height ?? DefaultSize,
        p.Steps ?? s.Steps ?? s.Variant.DefaultSteps,
        // dev reads the distilled guidance through its embedding; schnell has none (the value is not used).
        new GuidanceSettings(p.Guidance ?? s.Guidance, p.CfgScale ?? s.Cfg ?? 1.0),
        Shift: s.Variant.Shift && !s.NoShift,
        NoiseDType: s.NoiseDType)).ToList();

    /// <summary>The renderer's own check needs a loaded sampler; this one runs before anything is loaded, on the same file names.</summary>
    private static void RefuseExisting(Settings settings, List<SampleColumn> columns, List<SampleRequest> requests)
    {
        foreach (SampleColumn column in columns)
        {
            for (int index = 0; index < requests.Count; index++)
            {
                foreach (ulong seed in requests[index].Seeds)
                {
                    string path = Path.Combine(settings.OutputDir, SampleSetRenderer.FileName(index, column.Name, seed, settings.Encoding.Format));
                    if (File.Exists(path))
                    {
                        throw new IOException($"{path} already exists; pass --overwrite or choose another --out.");
                    }
                }
            }
        }
    }
}
