using System.CommandLine;
using System.Globalization;
using EpochCompare.Flux.Lora;
using EpochCompare.Flux.Weights;
using static TorchSharp.torch;

namespace EpochCompare.Cli.Commands;

/// <summary>
/// <c>epochcompare lora merge --base FILE|DIR --lora FILE [--strength X] [--dtype ...] --out FILE</c>: the base
/// transformer with the LoRA merged in, under BFL keys (kohya's merge_lora, for any producer's LoRA and any base
/// layout <see cref="TransformerCheckpoint"/> reads). Written atomically; an existing --out is never replaced.
/// </summary>
internal static class LoraCommand
{
    public static Command Create()
    {
        var baseWeights = new Option<string>("--base") { Description = "Base checkpoint: BFL / ComfyUI / fp8 (scaled) .safetensors, or a diffusers transformer folder, index json or shard.", Required = true, HelpName = "file|dir" };
        var lora = new Option<string>("--lora") { Description = "LoRA file (kohya, ai-toolkit, PEFT/diffusers, SimpleTuner, OneTrainer, ComfyUI-style).", Required = true, HelpName = "file" };
        var strength = new Option<double>("--strength") { Description = "LoRA multiplier.", DefaultValueFactory = _ => 1.0 };
        var dtype = new Option<string?>("--dtype") { Description = "Stored dtype of the transformer weights: float32, bfloat16 or float16 (default: as stored in the base; fp8 becomes bfloat16)." };
        var output = new Option<string>("--out") { Description = "Merged checkpoint to write (refused if it exists).", Required = true, HelpName = "file" };
        var merge = new Command("merge", "Merge a LoRA into a base checkpoint and write the result under BFL keys.") { baseWeights, lora, strength, dtype, output };
        merge.SetAction(parseResult =>
        {
            ScalarType? type = ParseDType(parseResult.GetValue(dtype));
            double multiplier = parseResult.GetValue(strength);
            if (!double.IsFinite(multiplier))
            {
                throw new UsageException($"--strength must be a finite number, got {multiplier}.");
            }
            string outPath = parseResult.GetValue(output)!;
            if (File.Exists(outPath) || Directory.Exists(outPath))
            {
                throw new IOException($"{outPath}: already exists; refusing to overwrite it (choose another --out).");
            }
            string loraPath = parseResult.GetValue(lora)!;
            if (!File.Exists(loraPath))
            {
                throw new FileNotFoundException($"{loraPath}: LoRA file not found.", loraPath);
            }
            using TransformerCheckpoint baseModel = TransformerCheckpoint.Open(parseResult.GetValue(baseWeights)!);
            LoraWeights weights = LoraFile.Read(loraPath, baseModel.Params, out IReadOnlyList<string> skipped);
            string loraName = Path.GetFileName(loraPath);
            LoraCheckpointMerge.Write(baseModel, weights, loraName, multiplier, type, outPath);

            TextWriter log = parseResult.InvocationConfiguration.Output;
            log.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"merged {weights.Modules.Count} LoRA modules of {loraName} into {baseModel.Name} at strength {multiplier:R} -> {outPath}"));
            if (skipped.Count > 0)
            {
                log.WriteLine($"skipped {skipped.Count} text-encoder keys (only the transformer is merged)");
            }
            return CliApp.ExitOk;
        });
        return new Command("lora", "LoRA file tools.") { merge };
    }

    private static ScalarType? ParseDType(string? text) => text switch
    {
        null => null,
        "float32" or "fp32" or "f32" => ScalarType.Float32,
        "bfloat16" or "bf16" => ScalarType.BFloat16,
        "float16" or "fp16" or "f16" => ScalarType.Float16,
        _ => throw new UsageException($"--dtype must be float32, bfloat16 or float16, got '{text}'."),
    };
}
