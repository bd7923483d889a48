using System.Globalization;
using System.Text.Json;
using EpochCompare.Flux.Lora;
using EpochCompare.Training.Config;
using EpochCompare.Training.Data;
using EpochCompare.Training.Planning;
using EpochCompare.Training.Schedules;

namespace EpochCompare.Training.Loop;

/// <summary>
/// The header metadata of a checkpoint: kohya's <c>ss_*</c> keys where kohya has one (so UIs show the
/// training settings), and <c>epochcompare_*</c> keys for what kohya does not record (dataset hash,
/// command line). No timestamps: the same run writes the same bytes.
/// </summary>
public sealed class CheckpointMetadata(TrainSettings settings, TrainingModel model, KohyaDataset dataset, TrainingPlan plan, string commandLine)
{
    public Dictionary<string, string> For(int epoch, long step)
    {
        var extra = new Dictionary<string, string>
        {
            ["ss_epoch"] = I(epoch),
            ["ss_steps"] = I(step),
            ["ss_num_epochs"] = I(settings.Epochs),
            ["ss_max_train_steps"] = I(plan.TotalSteps),
            ["ss_num_train_images"] = I(dataset.SamplesPerEpoch),
            ["ss_resolution"] = $"({settings.Width}, {settings.Height})",
            ["modelspec.resolution"] = $"{settings.Width}x{settings.Height}",
            ["ss_sd_model_name"] = model.BaseName,
            ["ss_learning_rate"] = D(plan.LearningRate ?? settings.LearningRate),
            ["ss_unet_lr"] = D(plan.LearningRate ?? settings.LearningRate),
            ["ss_lr_scheduler"] = SchedulerNames.Name(settings.Scheduler),
            ["ss_lr_warmup_steps"] = I(settings.WarmupStepsFor(plan.TotalSteps)),
            ["ss_optimizer"] = "AdamW",
            ["ss_max_grad_norm"] = D(settings.MaxGradNorm),
            ["ss_batch_size_per_device"] = I(settings.BatchSize),
            ["ss_gradient_accumulation_steps"] = I(settings.GradientAccumulation),
            ["ss_seed"] = settings.Seed.ToString(CultureInfo.InvariantCulture),
            ["ss_noise_offset"] = D(settings.NoiseOffset),
            ["ss_noise_offset_random_strength"] = settings.NoiseOffsetRandomStrength ? "True" : "False",
            ["ss_multires_noise_iterations"] = I(settings.MultiresNoiseIterations),
            ["ss_multires_noise_discount"] = D(settings.MultiresNoiseDiscount),
            ["ss_timestep_sampling"] = TrainSettingCatalog.Find("timestep-sampling")!.Show(settings),
            ["ss_sigmoid_scale"] = D(settings.SigmoidScale),
            ["ss_discrete_flow_shift"] = D(settings.DiscreteFlowShift),
            ["ss_model_prediction_type"] = "raw",
            ["ss_guidance_scale"] = D(settings.GuidanceScale),
            ["ss_flip_aug"] = settings.FlipAugment ? "True" : "False",
            ["ss_caption_dropout_rate"] = D(settings.CaptionDropout),
            ["ss_dataset_dirs"] = JsonSerializer.Serialize(dataset.Folders().ToDictionary(
                f => f.Folder, f => new Dictionary<string, int> { ["n_repeats"] = f.Repeats, ["img_count"] = f.Images })),
            ["epochcompare_dataset_sha256"] = dataset.Hash,
            ["epochcompare_command_line"] = commandLine,
            ["epochcompare_mode"] = settings.Mode == TrainMode.Lora ? "lora" : "full",
        };
        if (!model.IsTiny)
        {
            // kohya's names for how the FLUX.1 run held its base and inputs.
            extra["ss_fp8_base"] = settings.Fp8Base ? "True" : "False";
            extra["ss_gradient_checkpointing"] = settings.GradientCheckpointing ? "True" : "False";
            extra["ss_cache_latents"] = "True";
            extra["ss_cache_text_encoder_outputs"] = "True";
            extra["ss_mixed_precision"] = settings.Compute.DType switch
            {
                TorchSharp.torch.ScalarType.BFloat16 => "bf16",
                TorchSharp.torch.ScalarType.Float16 => "fp16",
                _ => "no",
            };
        }
        if (model.Mode == TrainMode.Full)
        {
            extra[BaseModelLoader.ConfigMetadataKey] = Flux.Config.FluxParamsJson.ToJson(model.Params);
            extra["ss_output_name"] = settings.OutputName;
            extra["modelspec.title"] = settings.OutputName;
            return extra;
        }
        return KohyaLoraMetadata.Create(settings.NetworkDim, (float)settings.EffectiveAlpha, model.Params.GuidanceEmbed, settings.OutputName, extra);
    }

    private static string I(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string D(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
