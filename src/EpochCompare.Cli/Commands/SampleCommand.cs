using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using EpochCompare.Cli.Pipeline;
using EpochCompare.Flux.Lora;
using EpochCompare.Flux.Checkpoints;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.Devices;
using EpochCompare.Flux.Sampling;
using Spectre.Console;

namespace EpochCompare.Cli.Commands;

/// <summary>
/// <c>epochcompare sample</c>: text to image with a FLUX base model and optional LoRA checkpoints: flux-tiny from
/// one <c>--base</c> file, or FLUX.1-dev/schnell (<c>--model</c>) from the four files users have (<see cref="RealFluxSample"/>).
/// One column per checkpoint (the base loaded once, each LoRA merged and removed in turn), all seeds of a
/// column in one batch; files are named <c>p{prompt}_{base|e{epoch}|name}_s{seed}.png</c> so <c>grid</c> reads them.
/// </summary>
internal static partial class SampleCommand
{
    private const double DefaultCfgWithoutGuidanceEmbedding = 3.5;
    private const int TinySize = 64;
    private const int DefaultSteps = 20;

    public static Command Create()
    {
        var prompt = new Option<string[]>("--prompt") { Description = "Prompt text (repeatable).", AllowMultipleArgumentsPerToken = false };
        var promptFile = new Option<string?>("--prompt-file") { Description = "kohya sample-prompt file: .txt ('prompt --n neg --w 64 --h 64 --d seed --s steps --l cfg --g guidance' per line, # comments), .toml ([prompt] + [[prompt.subset]]) or .json (a list of prompt objects or lines).", HelpName = "file" };
        var model = new Option<string>("--model") { Description = "flux-tiny (--base FILE), flux-dev or flux-schnell (--models DIR and/or --transformer --clip-l --t5 --vae).", DefaultValueFactory = _ => FluxPresets.TinyName };
        var baseWeights = new Option<string?>("--base") { Description = "flux-tiny base weights (.safetensors with the transformer and flux-tiny text encoder).", HelpName = "file" };
        var realFiles = new RealFluxFileOptions();
        var lora = new Option<string[]>("--lora") { Description = "LoRA checkpoint (repeatable): one column each, in order; or a trainer's output folder: its checkpoints (kohya name-000025 / name-step00000500, ai-toolkit name_000000500, the last save by its ss_epoch or training_info) sorted by epoch or step.", HelpName = "file|dir" };
        var loraStrength = new Option<float>("--lora-strength") { Description = "LoRA multiplier.", DefaultValueFactory = _ => 1f };
        var withBase = new Option<bool>("--with-base") { Description = "With --lora, also render the base model's column first." };
        var seeds = new Option<string[]>("--seed") { Description = "Seeds (one image each; repeatable or space-separated). Default: the prompt line's --d, else 1.", AllowMultipleArgumentsPerToken = true };
        var steps = new Option<int?>("--steps") { Description = "Euler steps (default 20; flux-schnell 4)." };
        var guidance = new Option<double>("--guidance") { Description = "Distilled guidance for guidance-embedded models (dev).", DefaultValueFactory = _ => GuidanceSettings.DefaultDistilled };
        var cfg = new Option<double?>("--cfg") { Description = $"True classifier-free guidance scale (1 = off). Default: 1 for FLUX.1 and guidance-embedded models, {DefaultCfgWithoutGuidanceEmbedding} for flux-tiny." };
        var negative = new Option<string>("--negative") { Description = "Unconditional prompt for CFG.", DefaultValueFactory = _ => "" };
        var width = new Option<int?>("--width") { Description = "Image width in pixels (default 64 for flux-tiny, 1024 for FLUX.1)." };
        var height = new Option<int?>("--height") { Description = "Image height in pixels (default 64 for flux-tiny, 1024 for FLUX.1)." };
        var noShift = new Option<bool>("--no-shift") { Description = "Plain linear schedule (what BFL uses for schnell, the default there) instead of the resolution shift." };
        var noiseDType = new Option<string>("--noise-dtype") { Description = "dtype torch draws the noise in: f32 (ComfyUI) or bf16 (BFL CLI).", DefaultValueFactory = _ => "f32" };
        var output = new Option<string>("--out") { Description = "Output folder.", DefaultValueFactory = _ => "samples" };
        var threads = new Option<int?>("--threads") { Description = "CPU threads LibTorch uses (same count, same seed: same images)." };
        var quiet = new Option<bool>("--quiet") { Description = "Print nothing but errors." };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace images that already exist in the output folder." };
        (Option<string> format, Option<int> quality) = ImageOutputOptions.Create("sample");

        var device = new DeviceOptions();
        var command = new Command("sample", "Render prompts with a base model and optional LoRA checkpoints to image files (one column per checkpoint, one image per seed).")
        {
            prompt, promptFile, model, baseWeights, lora, loraStrength, withBase, seeds, steps, guidance, cfg, negative,
            width, height, noShift, noiseDType, output, format, quality, threads, quiet, overwrite,
        };
        device.AddTo(command);
        realFiles.AddTo(command);
        command.SetAction(parseResult =>
        {
            TextWriter log = parseResult.GetValue(quiet) ? TextWriter.Null : parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(threads) is int threadCount)
            {
                if (threadCount < 1)
                {
                    throw new UsageException($"--threads must be at least 1, got {threadCount}.");
                }
                ComputeThreads.Set(threadCount);
            }
            IReadOnlyList<SamplePrompt> prompts = ReadPrompts(parseResult.GetValue(prompt) ?? [], parseResult.GetValue(promptFile));
            IReadOnlyList<ulong>? cliSeeds = ParseSeeds(parseResult.GetValue(seeds));
            NoiseDType dtype = parseResult.GetValue(noiseDType) switch
            {
                "f32" or "float32" => NoiseDType.Float32,
                "bf16" or "bfloat16" => NoiseDType.BFloat16,
                var other => throw new UsageException($"--noise-dtype must be f32 or bf16, got '{other}'."),
            };
            string modelName = parseResult.GetValue(model)!;
            if (Flux.RealModel.FluxVariant.TryGet(modelName) is { } variant)
            {
                var real = new RealFluxSample.Settings(
                    variant,
                    realFiles.Read(parseResult, variant),
                    realFiles.ReadFloat8(parseResult),
                    realFiles.ReadOffloadBlocks(parseResult),
                    realFiles.ReadVaeTiling(parseResult),
                    prompts,
                    cliSeeds,
                    parseResult.GetValue(lora) ?? [],
                    parseResult.GetValue(withBase),
                    parseResult.GetValue(loraStrength),
                    parseResult.GetValue(steps),
                    parseResult.GetValue(guidance),
                    parseResult.GetValue(cfg),
                    parseResult.GetValue(negative) ?? "",
                    parseResult.GetValue(width),
                    parseResult.GetValue(height),
                    parseResult.GetValue(noShift),
                    dtype,
                    parseResult.GetValue(output)!,
                    ImageOutputOptions.Read(parseResult, format, quality),
                    parseResult.GetValue(overwrite));
                return RealFluxSample.Run(real, device.Read(parseResult, defaultDType: "bfloat16"), log,
                    interactive: log == Console.Out && AnsiConsole.Profile.Capabilities.Interactive);
            }
            if (modelName != FluxPresets.TinyName)
            {
                throw new UsageException($"--model must be {FluxPresets.TinyName}, {FluxPresets.DevName} or {FluxPresets.SchnellName}, got '{modelName}'.");
            }
            realFiles.RefuseFor(parseResult, modelName);
            string basePath = parseResult.GetValue(baseWeights)
                ?? throw new UsageException("sample --model flux-tiny needs --base FILE.");
            if (!File.Exists(basePath))
            {
                throw new FileNotFoundException($"{basePath}: weights file not found.", basePath);
            }
            IReadOnlyList<LoraCheckpoint> checkpoints = ExpandCheckpoints(parseResult.GetValue(lora) ?? [], log);

            ComputeDevice compute = device.Read(parseResult);
            using FluxTinyBase loaded = FluxTinyBase.Load(basePath, compute);
            FluxParams config = loaded.Transformer.Params;
            IImageAutoencoder autoencoder = AutoencoderFor(config, basePath);
            var columns = new List<SampleColumn>();
            if (checkpoints.Count == 0 || parseResult.GetValue(withBase))
            {
                columns.Add(SampleColumn.Base);
            }
            float strength = parseResult.GetValue(loraStrength);
            foreach (LoraCheckpoint checkpoint in checkpoints)
            {
                columns.Add(new SampleColumn(checkpoint.ColumnName, LoraFile.Read(checkpoint.Path, config), strength));
            }

            var requests = prompts.Select(p => new SampleRequest(
                p.Prompt,
                p.NegativePrompt.Length > 0 ? p.NegativePrompt : parseResult.GetValue(negative) ?? "",
                cliSeeds ?? (p.Seed is ulong seed ? [seed] : [1UL]),
                p.Width ?? parseResult.GetValue(width) ?? TinySize,
                p.Height ?? parseResult.GetValue(height) ?? TinySize,
                p.Steps ?? parseResult.GetValue(steps) ?? DefaultSteps,
                new GuidanceSettings(
                    p.Guidance ?? parseResult.GetValue(guidance),
                    p.CfgScale ?? parseResult.GetValue(cfg) ?? (config.GuidanceEmbed ? 1.0 : DefaultCfgWithoutGuidanceEmbedding)),
                Shift: !parseResult.GetValue(noShift),
                NoiseDType: dtype)).ToList();
            foreach (SampleRequest request in requests)
            {
                if (request.Steps < 1)
                {
                    throw new UsageException($"steps must be at least 1, got {request.Steps}.");
                }
                SampleGeometry.For(autoencoder, request.Width, request.Height); // size errors before any work
            }

            var renderer = new SampleSetRenderer(new CheckpointColumnSampler(loaded.Transformer, loaded.Text, autoencoder), loaded.Name, parseResult.GetValue(output)!)
            {
                Encoding = ImageOutputOptions.Read(parseResult, format, quality),
            };
            if (!parseResult.GetValue(overwrite))
            {
                renderer.RefuseExisting(columns, requests);
            }
            renderer.Render(columns, requests, log, interactive: log == Console.Out && AnsiConsole.Profile.Capabilities.Interactive);
            return CliApp.ExitOk;
        });
        return command;
    }

    internal static IReadOnlyList<SamplePrompt> ReadPrompts(string[] prompts, string? promptFile)
    {
        if (prompts.Length > 0 && promptFile is not null)
        {
            throw new UsageException("give prompts with --prompt or --prompt-file, not both.");
        }
        if (promptFile is not null)
        {
            return SamplePromptFile.Read(promptFile);
        }
        if (prompts.Length == 0)
        {
            throw new UsageException("nothing to sample: give --prompt \"...\" or --prompt-file FILE.");
        }
        return prompts.Select(p => new SamplePrompt(p)).ToList();
    }

    private static IReadOnlyList<ulong>? ParseSeeds(string[]? texts)
    {
        if (texts is null || texts.Length == 0)
        {
            return null;
        }
        var seeds = new List<ulong>();
        foreach (string text in texts.SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed))
            {
                throw new UsageException($"--seed {text} is out of range: seeds are whole numbers from 0 to {ulong.MaxValue}.");
            }
            seeds.Add(seed);
        }
        return seeds;
    }

    /// <summary>flux-tiny works in pixel space (48 = 3 x 4 x 4 channels per token); the FLUX.1 VAE is not implemented yet.</summary>
    private static IImageAutoencoder AutoencoderFor(FluxParams model, string path)
    {
        var pixelSpace = new PixelUnshuffleAutoencoder();
        int tokenChannels = pixelSpace.LatentChannels * LatentPacking.PatchSize * LatentPacking.PatchSize;
        if (model.InChannels != tokenChannels)
        {
            throw new NotSupportedException(
                $"{Path.GetFileName(path)}: a model with {model.InChannels} input channels needs the FLUX.1 VAE, which is not implemented yet; only pixel-space models ({tokenChannels} channels, flux-tiny) can be sampled.");
        }
        return pixelSpace;
    }

    /// <summary>Files as given; a folder becomes its checkpoints in training order.</summary>
    internal static IReadOnlyList<LoraCheckpoint> ExpandCheckpoints(string[] paths, TextWriter log)
    {
        var checkpoints = new List<LoraCheckpoint>();
        foreach (string path in paths)
        {
            if (Directory.Exists(path))
            {
                var notes = new List<string>();
                IReadOnlyList<LoraCheckpoint> found = LoraCheckpoints.InFolder(path, notes);
                notes.ForEach(note => log.WriteLine($"warning: {note}"));
                log.WriteLine($"{path}: {found.Count} checkpoint(s): {string.Join(", ", found.Select(c => c.ColumnName))}");
                checkpoints.AddRange(found);
            }
            else if (File.Exists(path))
            {
                checkpoints.Add(LoraCheckpoints.Describe(path));
            }
            else
            {
                throw new FileNotFoundException($"{path}: weights file not found.", path);
            }
        }
        return checkpoints;
    }
}
