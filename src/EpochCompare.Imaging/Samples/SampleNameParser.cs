using System.Globalization;
using System.Text.RegularExpressions;
using EpochCompare.Imaging.Grids;

namespace EpochCompare.Imaging.Samples;

/// <summary>
/// Reads epoch/step, prompt index and seed from the file names trainers give their sample images.
/// Tried in order: kohya (epoch or step variant), ai-toolkit, SimpleTuner, OneTrainer (by its folder), then
/// short plain names.
/// </summary>
public static partial class SampleNameParser
{
    public static IReadOnlyList<string> ImageExtensions => Formats.ImageFile.KohyaExtensions;

    /// <summary>The folder SimpleTuner writes validation images to; its base-model benchmark names are only trusted there.</summary>
    public const string SimpleTunerFolder = "validation_images";

    public static bool TryParse(string fileName, out SampleName sample)
    {
        sample = null!;
        string name = System.IO.Path.GetFileName(fileName);
        string extension = System.IO.Path.GetExtension(name).ToLowerInvariant();
        if (!ImageExtensions.Contains(extension))
        {
            return false;
        }
        string stem = name[..^extension.Length];
        string folder = System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(fileName)) ?? "");
        SampleName? parsed = ParseKohya(stem) ?? ParseAiToolkit(stem) ?? ParseSimpleTuner(stem, folder) ?? ParseOneTrainer(stem, folder) ?? ParsePlain(stem);
        if (parsed is null)
        {
            return false;
        }
        sample = parsed;
        return true;
    }

    private static SampleName? ParseKohya(string stem)
    {
        Match m = Kohya().Match(stem);
        if (!m.Success)
        {
            return null;
        }
        long? seed = m.Groups["seed"].Success ? ParseLong(m.Groups["seed"].Value) : null;
        int index = int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture);
        string time = m.Groups["time"].Value;
        return m.Groups["epoch"].Success
            ? new SampleName(SampleNaming.Kohya, index, ColumnKind.Epoch, ParseInt(m.Groups["epoch"].Value), seed, time)
            : new SampleName(SampleNaming.Kohya, index, ColumnKind.Step, ParseInt(m.Groups["steps"].Value), seed, time);
    }

    private static SampleName? ParseAiToolkit(string stem)
    {
        Match m = AiToolkit().Match(stem);
        return m.Success
            ? new SampleName(SampleNaming.AiToolkit, ParseInt(m.Groups["index"].Value), ColumnKind.Step, ParseInt(m.Groups["step"].Value), null, m.Groups["time"].Value)
            : null;
    }

    private static SampleName? ParseSimpleTuner(string stem, string folder)
    {
        if (SimpleTuner().Match(stem) is { Success: true } m)
        {
            int idx = m.Groups["idx"].Success ? ParseInt(m.Groups["idx"].Value) : 0;
            return new SampleName(SampleNaming.SimpleTuner, 0, ColumnKind.Step, ParseInt(m.Groups["step"].Value), null)
            {
                Prompt = m.Groups["name"].Value,
                Variant = idx,
                VariantLabel = m.Groups["size"].Value,
            };
        }
        // The benchmark of the base model, written before training: only trusted inside validation_images/.
        if (folder == SimpleTunerFolder && SimpleTunerBase().Match(stem) is { Success: true } b)
        {
            return new SampleName(SampleNaming.SimpleTuner, 0, ColumnKind.Base, 0, null)
            {
                Prompt = b.Groups["name"].Value,
                VariantLabel = b.Groups["size"].Value,
            };
        }
        return null;
    }

    private static SampleName? ParseOneTrainer(string stem, string folder)
    {
        Match f = OneTrainerFolder().Match(folder), m = OneTrainer().Match(stem);
        return f.Success && m.Success
            ? new SampleName(SampleNaming.OneTrainer, ParseInt(f.Groups["i"].Value), ColumnKind.Step, ParseInt(m.Groups["step"].Value), null, m.Groups["time"].Value)
            {
                Prompt = f.Groups["prompt"].Value.Trim(),
            }
            : null;
    }

    private static SampleName? ParsePlain(string stem)
    {
        int? epoch = null, step = null, prompt = null;
        long? seed = null;
        bool isBase = false;
        foreach (string token in stem.ToLowerInvariant().Split(['_', '-', '.', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            Match m = PlainToken().Match(token);
            if (token == "base")
            {
                isBase = true;
            }
            else if (m.Success)
            {
                string key = m.Groups["key"].Value, digits = m.Groups["n"].Value;
                bool fresh = key switch
                {
                    "e" or "epoch" => Set(ref epoch, ParseInt(digits)),
                    "step" => Set(ref step, ParseInt(digits)),
                    "s" or "seed" => Set(ref seed, ParseLong(digits)),
                    _ => Set(ref prompt, ParseInt(digits)),
                };
                if (!fresh)
                {
                    return null; // the same field twice: not a name we understand
                }
            }
        }
        if (epoch is not null && step is not null)
        {
            return null;
        }
        if (isBase)
        {
            return epoch is null && step is null ? new SampleName(SampleNaming.Plain, prompt ?? 0, ColumnKind.Base, 0, seed) : null;
        }
        if (epoch is int e)
        {
            return new SampleName(SampleNaming.Plain, prompt ?? 0, ColumnKind.Epoch, e, seed);
        }
        return step is int s ? new SampleName(SampleNaming.Plain, prompt ?? 0, ColumnKind.Step, s, seed) : null;
    }

    private static bool Set<T>(ref T? field, T value) where T : struct
    {
        if (field is not null)
        {
            return false;
        }
        field = value;
        return true;
    }

    private static int ParseInt(string digits) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out int v) ? v : int.MaxValue;

    private static long ParseLong(string digits) =>
        long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long v) ? v : long.MaxValue;

    // kohya: [{output_name}_]{e%06d | %06d}_{%02d}_{%Y%m%d%H%M%S}[_{seed}]
    [GeneratedRegex(@"^(?:.*_)?(?:e(?<epoch>\d{6,})|(?<steps>\d{6,}))_(?<index>\d{2,})_(?<time>\d{14})(?:_(?<seed>\d{1,19}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Kohya();

    // ai-toolkit: {time}__{step:09d}_{index}
    [GeneratedRegex(@"^(?<time>\d+)__(?<step>\d{9})_(?<index>\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex AiToolkit();

    // SimpleTuner: step_{global_step}_{shortname}[_{idx}]_{W}x{H} (older versions write no idx)
    [GeneratedRegex(@"^step_(?<step>\d+)_(?<name>.+?)(?:_(?<idx>\d+))?_(?<size>\d+x\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex SimpleTuner();

    [GeneratedRegex(@"^(?<name>.+?)_(?<size>\d+x\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex SimpleTunerBase();

    // OneTrainer: samples/{i} - {prompt[:32]}/{prefix}{YYYY-MM-DD_HH-MM-SS}-training-sample-{step}-{epoch}-{epoch_step}
    [GeneratedRegex(@"^(?<i>\d+) - (?<prompt>.*)$", RegexOptions.CultureInvariant)]
    private static partial Regex OneTrainerFolder();

    [GeneratedRegex(@"(?<time>\d{4}-\d{2}-\d{2}_\d{2}-\d{2}-\d{2})-training-sample-(?<step>\d+)-(?<epoch>\d+)-(?<es>\d+)$", RegexOptions.CultureInvariant)]
    private static partial Regex OneTrainer();

    [GeneratedRegex(@"^(?<key>epoch|step|seed|prompt|e|s|p)(?<n>\d{1,9})$", RegexOptions.CultureInvariant)]
    private static partial Regex PlainToken();
}
