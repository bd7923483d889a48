using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EpochCompare.Flux.Checkpoints;
using EpochCompare.Imaging.Samples;

namespace EpochCompare.Cli.Commands;

/// <summary>
/// <c>epochcompare inspect FILE|DIR ...</c>: what each weights file is (checkpoint layout and model, LoRA
/// producer and algorithm, dtypes, rank and alpha, targets, epoch and steps, keys that differ from the
/// model), one row each, from the headers alone. A diffusers <c>transformer/</c> folder is one entry; any
/// other folder lists its <c>.safetensors</c> and <c>.gguf</c> files.
/// </summary>
internal static class InspectCommand
{
    private const int ListedKeys = 3;

    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Weights files or folders.", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "One JSON object per entry, as a JSON list." };
        var command = new Command("inspect", "Tell what checkpoints and LoRA files are (layout, model, producer, algorithm, dtype, rank/alpha, epoch, odd keys) from their headers.")
        {
            paths, json,
        };
        command.SetAction(parseResult =>
        {
            TextWriter output = parseResult.InvocationConfiguration.Output;
            var rows = new List<(string Path, CheckpointDescription? Description, string? Error)>();
            foreach (string path in Expand(parseResult.GetValue(paths)!))
            {
                try
                {
                    rows.Add((path, CheckpointInspector.Inspect(path), null));
                }
                catch (Exception ex) when (ex is InvalidDataException or IOException or JsonException)
                {
                    rows.Add((path, null, ex.Message.ReplaceLineEndings(" ")));
                }
            }
            if (parseResult.GetValue(json))
            {
                WriteJson(output, rows);
            }
            else
            {
                WriteTable(output, rows);
            }
            foreach (var (_, _, error) in rows.Where(r => r.Error is not null))
            {
                parseResult.InvocationConfiguration.Error.WriteLine($"epochcompare: {error}");
            }
            return rows.Any(r => r.Error is not null) ? CliApp.ExitFailure : CliApp.ExitOk;
        });
        return command;
    }

    private static IEnumerable<string> Expand(IEnumerable<string> paths)
    {
        foreach (string path in paths)
        {
            if (!Directory.Exists(path) || IsDiffusersFolder(path))
            {
                yield return path;
                continue;
            }
            string[] files = [.. Directory.EnumerateFiles(path).Where(f => f.EndsWith(".safetensors", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".gguf", StringComparison.OrdinalIgnoreCase))
                .Order(NaturalOrder.Instance)];
            if (files.Length == 0)
            {
                yield return path; // the inspector says why the folder is not a model
            }
            foreach (string file in files)
            {
                yield return file;
            }
        }
    }

    private static bool IsDiffusersFolder(string path) =>
        File.Exists(Path.Combine(path, "diffusion_pytorch_model.safetensors.index.json")) || File.Exists(Path.Combine(path, "diffusion_pytorch_model.safetensors")) ||
        File.Exists(Path.Combine(path, "transformer", "diffusion_pytorch_model.safetensors.index.json")) || File.Exists(Path.Combine(path, "transformer", "diffusion_pytorch_model.safetensors"));

    private static string What(CheckpointDescription d) =>
        d.Lora is { } lora ? $"LoRA: {lora.Producer}, {lora.Algorithm}{(lora.SplitQkv ? ", split_qkv" : "")}"
        : d.LayoutName + (d.Prefix is { } prefix ? $" {prefix}" : "") + (d.Bundled.Count > 0 ? $" + {string.Join(", ", d.Bundled)}" : "");

    private static string RankAlpha(LoraDescription? lora) => lora is null ? "" :
        $"r {string.Join(",", lora.Ranks)}{(lora.Alphas.Count > 0 ? $" / alpha {string.Join(",", lora.Alphas.Select(a => a.ToString("0.###", CultureInfo.InvariantCulture)))}" : " / alpha = r")}";

    private static string Targets(LoraDescription? lora) => lora is null ? "" :
        $"{lora.TransformerModules} modules{(lora.TextEncoderModules > 0 ? $" (+{lora.TextEncoderModules} text encoder, skipped)" : "")}";

    private static (int? Epoch, int? Steps) Progress(string path, LoraDescription? lora)
    {
        if (lora is null)
        {
            return (null, null);
        }
        CheckpointName name = CheckpointName.Parse(path);
        return (lora.Epoch ?? (name.Kind == Imaging.Grids.ColumnKind.Epoch ? name.Value : null),
                lora.Steps ?? (name.Kind == Imaging.Grids.ColumnKind.Step ? name.Value : null));
    }

    private static string Keys(CheckpointDescription d) =>
        d.Refusal is not null ? "refused: " + d.Refusal[(d.Refusal.IndexOf(": ", StringComparison.Ordinal) + 2)..]
        : d.Lora is not null || d.Model is null ? ""
        : d.Missing.Count == 0 && d.Unexpected.Count == 0 ? "all keys match"
        : string.Join("; ", new[] { ("missing", d.Missing), ("unexpected", d.Unexpected) }.Where(x => x.Item2.Count > 0)
            .Select(x => $"{x.Item2.Count} {x.Item1}: {string.Join(", ", x.Item2.Take(ListedKeys))}{(x.Item2.Count > ListedKeys ? ", ..." : "")}"));

    private static void WriteTable(TextWriter output, List<(string Path, CheckpointDescription? Description, string? Error)> rows)
    {
        string[] header = ["file", "what", "model", "dtype", "rank/alpha", "targets", "epoch", "steps", "keys"];
        var cells = new List<string[]> { header };
        foreach (var (path, d, error) in rows)
        {
            if (d is null)
            {
                cells.Add([Path.GetFileName(path), "error", "", "", "", "", "", "", error!]);
                continue;
            }
            var (epoch, steps) = Progress(path, d.Lora);
            cells.Add([Path.GetFileName(Path.TrimEndingDirectorySeparator(path)), What(d), d.Model ?? "", d.DTypes, RankAlpha(d.Lora), Targets(d.Lora),
                epoch?.ToString(CultureInfo.InvariantCulture) ?? "", steps?.ToString(CultureInfo.InvariantCulture) ?? "", Keys(d)]);
        }
        int[] widths = [.. Enumerable.Range(0, header.Length).Select(c => cells.Max(r => r[c].Length))];
        foreach (string[] row in cells)
        {
            output.WriteLine(string.Join("  ", row.Select((cell, c) => c == row.Length - 1 ? cell : cell.PadRight(widths[c]))).TrimEnd());
        }
    }

    private static void WriteJson(TextWriter output, List<(string Path, CheckpointDescription? Description, string? Error)> rows)
    {
        var entries = rows.Select(r =>
        {
            if (r.Description is not { } d)
            {
                return (object)new { path = r.Path, error = r.Error };
            }
            var (epoch, steps) = Progress(r.Path, d.Lora);
            return new
            {
                path = r.Path,
                layout = d.Layout.ToString(),
                what = What(d),
                model = d.Model,
                prefix = d.Prefix,
                dtypes = d.DTypes,
                tensors = d.TensorCount,
                bundled = d.Bundled,
                lora = d.Lora is { } l ? new
                {
                    producer = l.Producer,
                    algorithm = l.Algorithm,
                    ranks = l.Ranks,
                    alphas = l.Alphas,
                    alpha_source = l.AlphaSource,
                    split_qkv = l.SplitQkv,
                    transformer_modules = l.TransformerModules,
                    text_encoder_modules = l.TextEncoderModules,
                } : null,
                epoch,
                steps,
                missing = d.Missing,
                unexpected = d.Unexpected,
                refusal = d.Refusal,
            };
        }).ToList();
        output.WriteLine(JsonSerializer.Serialize(entries, new JsonSerializerOptions { WriteIndented = true }));
    }
}
