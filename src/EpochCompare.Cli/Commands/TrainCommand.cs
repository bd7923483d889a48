using System.CommandLine;
using EpochCompare.Cli.Pipeline;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.RealModel;
using EpochCompare.Training.Config;
using EpochCompare.Training.Loop;
using EpochCompare.Training.Run;
using EpochCompare.Training.Sampling;

namespace EpochCompare.Cli.Commands;

/// <summary>
/// <c>epochcompare train</c>: kohya-style training with epoch checkpoints. Every option can also come from
/// <c>--config file.yaml</c> under the same name; the command line wins over the file.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var config = new Option<string?>("--config") { Description = "YAML file with any of these options as 'name: value' (the command line wins).", HelpName = "file" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Check the dataset, print the plan and settings, and stop." };
        var model = new Option<string>("--model")
        {
            Description = "flux-tiny (the built-in model or --base FILE), flux-dev or flux-schnell (--models DIR and/or --transformer --clip-l --t5 --vae; LoRA only, latents and captions cached first).",
            DefaultValueFactory = _ => FluxPresets.TinyName,
        };
        var command = new Command("train", "Train a FLUX LoRA (or fine-tune) on a kohya image folder, saving a checkpoint every N epochs.")
        {
            config,
            dryRun,
            model,
        };
        var realFiles = new RealFluxFileOptions();
        realFiles.AddTo(command, withFloat8: false);
        var options = new List<(TrainSetting Setting, Option Option)>();
        var defaults = new TrainSettings();
        foreach (TrainSetting setting in TrainSettingCatalog.All)
        {
            string shown = setting.Show(defaults);
            string description = setting.IsFlag || shown.Length == 0 ? setting.Description : $"{setting.Description} [default: {shown}]";
            Option option = setting.IsFlag
                ? new Option<bool>("--" + setting.Name) { Description = description }
                : new Option<string>("--" + setting.Name) { Description = description, HelpName = setting.ValueHint };
            command.Options.Add(option);
            options.Add((setting, option));
        }
        var device = new DeviceOptions();
        device.AddTo(command);
        var semanticOptions = new SemanticOptions();
        semanticOptions.AddTo(command);
        command.SetAction(parseResult =>
        {
            RealFluxModel? real = ReadModel(parseResult, model, realFiles);
            TrainSettings settings = Resolve(parseResult, parseResult.GetValue(config), options, real is null ? new TrainSettings() : RealFluxModel.Defaults());
            settings.RealModel = real;
            settings.Compute = device.Read(parseResult);
            CheckModelOptions(settings);
            // --clip / --dino feed train --grid's metrics; checked before training so a wrong file costs no run.
            SemanticRequest? semantic = semanticOptions.Read(parseResult, settings.Compute);
            semantic?.Validate();
            try
            {
                TrainingSampling.CheckOptions(settings);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }
            TextWriter output = parseResult.InvocationConfiguration.Output;
            TextWriter error = parseResult.InvocationConfiguration.Error;
            TrainingSampling? sampling = TrainingSampling.From(settings); // a bad prompt file stops before training
            if (parseResult.GetValue(dryRun))
            {
                return new TrainingRun(settings, output, error, Environment.CommandLine).DryRun();
            }
            if (sampling is not null && !settings.Resume)
            {
                TrainingSamples.RefuseEarlierRun(settings, sampling);
            }
            var run = new TrainingRun(settings, output, error, Environment.CommandLine)
            {
                OnEpochEnd = sampling is { Schedule.IsEmpty: false } ? new TrainingSamples(sampling).OnEpochEnd : null,
            };
            int code = run.Train();
            if (code == CliApp.ExitOk && settings.Grid && sampling is not null)
            {
                TrainGrid.Run(settings, sampling, output, error, interactive: !settings.Quiet && SpectreProgress.IsAvailable(output), semantic);
            }
            return code;
        });
        return command;
    }

    private static RealFluxModel? ReadModel(ParseResult parseResult, Option<string> model, RealFluxFileOptions realFiles)
    {
        string name = parseResult.GetValue(model)!;
        if (FluxVariant.TryGet(name) is { } variant)
        {
            return new RealFluxModel(variant, realFiles.Read(parseResult, variant));
        }
        if (name != FluxPresets.TinyName)
        {
            throw new UsageException($"--model must be {FluxPresets.TinyName}, {FluxPresets.DevName} or {FluxPresets.SchnellName}, got '{name}'.");
        }
        realFiles.RefuseFor(parseResult, name);
        return null;
    }

    /// <summary>What the FLUX.1 path does not offer (yet) is refused before anything loads, not silently ignored.</summary>
    private static void CheckModelOptions(TrainSettings settings)
    {
        if (settings.RealModel is not { } real)
        {
            if (settings.Fp8Base)
            {
                throw new UsageException($"--fp8-base is for --model {FluxPresets.DevName} or {FluxPresets.SchnellName}, not {FluxPresets.TinyName}.");
            }
            return;
        }
        string? refused = settings switch
        {
            { BaseModel: not null } => "--base (the FLUX.1 files come from --models or --transformer)",
            { Mode: TrainMode.Full } => "--mode full (FLUX.1 trains a LoRA)",
            { SamplePrompts: not null } or { Grid: true } => "--sample-prompts and --grid (sample the saved epochs with 'sample --model' instead)",
            _ => null,
        };
        if (refused is not null)
        {
            throw new UsageException($"train --model {real.Variant.Name}: {refused} is not supported.");
        }
    }

    /// <summary>Defaults, then the config file, then every option given on the command line.</summary>
    internal static TrainSettings Resolve(ParseResult parseResult, string? configPath, IEnumerable<(TrainSetting Setting, Option Option)> options, TrainSettings? defaults = null)
    {
        var settings = defaults ?? new TrainSettings();
        if (configPath is not null)
        {
            YamlTrainConfig.ApplyTo(settings, configPath);
        }
        foreach (var (setting, option) in options)
        {
            if (parseResult.GetResult(option) is not { Implicit: false })
            {
                continue;
            }
            string text = option is Option<bool> flag
                ? (parseResult.GetValue(flag) ? "true" : "false")
                : parseResult.GetValue((Option<string>)option) ?? "";
            try
            {
                setting.Apply(settings, text);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }
        }
        return settings;
    }
}
