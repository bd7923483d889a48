using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using EpochCompare.Demo;
using EpochCompare.Demo.BaseModel;
using EpochCompare.Demo.Story;
using EpochCompare.Demo.World;
using EpochCompare.Flux.Sampling;

namespace EpochCompare.Cli.Commands;

/// <summary>
/// <c>epochcompare evaluate-base</c>: the embedded default's quality bar. Samples "a car", "a revolver", ... with a
/// base model (the shipped flux-tiny unless <c>--base</c>) and prints how often the concept classifier recognises
/// each prompted concept, per concept and overall.
/// </summary>
internal static class EvaluateBaseCommand
{
    public static Command Create()
    {
        var recipe = new DemoRecipe();
        var baseModel = new Option<FileInfo?>("--base") { Description = "Base model (flux-tiny safetensors, or a full-mode pretraining checkpoint). Default: the shipped one." };
        var seeds = new Option<int>("--seeds") { Description = "Samples per concept (seeds 1..N).", DefaultValueFactory = _ => 8 };
        var steps = new Option<int>("--steps") { Description = "Euler steps per sample.", DefaultValueFactory = _ => recipe.SampleSteps };
        var cfg = new Option<double>("--cfg") { Description = "Classifier-free guidance scale (1 = off).", DefaultValueFactory = _ => recipe.CfgScale };
        var json = new Option<bool>("--json") { Description = "Print the table as one JSON object." };
        var command = new Command("evaluate-base", "Check a flux-tiny base model: how often the demo's concept classifier recognises its samples of each concept.")
        {
            baseModel, seeds, steps, cfg, json,
        };
        command.SetAction(parseResult =>
        {
            int count = parseResult.GetValue(seeds), stepCount = parseResult.GetValue(steps);
            double scale = parseResult.GetValue(cfg);
            if (count < 1 || stepCount < 1 || !(scale >= 1))
            {
                throw new UsageException("evaluate-base: --seeds and --steps must be at least 1, --cfg at least 1.");
            }
            string basePath = parseResult.GetValue(baseModel)?.FullName ?? ShippedAssets.Verified(ShippedAssets.FluxTinyBase);
            if (!File.Exists(basePath))
            {
                throw new FileNotFoundException($"{basePath}: base model not found.", basePath);
            }
            TextWriter output = parseResult.InvocationConfiguration.Output;
            bool asJson = parseResult.GetValue(json);
            ulong[] seedList = [.. Enumerable.Range(1, count).Select(s => (ulong)s)];
            var guidance = new GuidanceSettings(GuidanceSettings.DefaultDistilled, scale);
            BaseQualityReport report = BaseQuality.Measure(basePath, seedList, stepCount, guidance,
                w => parseResult.InvocationConfiguration.Error.WriteLine($"warning: {w}"),
                asJson ? null : row => output.WriteLine(Row(row)));
            if (asJson)
            {
                output.WriteLine(ToJson(report, basePath));
            }
            else
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"overall {report.Accuracy:P1} recognised (bar {BaseQualityReport.RequiredAccuracy:P0}: {(report.MeetsBar ? "met" : "NOT met")})"));
            }
            return CliApp.ExitOk;
        });
        return command;
    }

    private static string Row(ConceptQuality row)
    {
        string seen = string.Join(" ", row.Predicted.Select(c => c.Word()));
        return string.Create(CultureInfo.InvariantCulture, $"{row.Prompt,-12} {row.Recognised}/{row.Predicted.Count}  {row.Accuracy,6:P0}  seen: {seen}");
    }

    internal static string ToJson(BaseQualityReport report, string basePath) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["base"] = Path.GetFileName(basePath),
        ["accuracy"] = report.Accuracy,
        ["required_accuracy"] = BaseQualityReport.RequiredAccuracy,
        ["meets_bar"] = report.MeetsBar,
        ["concepts"] = report.Concepts.Select(c => new Dictionary<string, object?>
        {
            ["concept"] = c.Concept.Word(),
            ["prompt"] = c.Prompt,
            ["recognised"] = c.Recognised,
            ["samples"] = c.Predicted.Count,
            ["accuracy"] = c.Accuracy,
            ["predicted"] = c.Predicted.Select(p => p.Word()).ToArray(),
        }).ToArray(),
    }, new JsonSerializerOptions { WriteIndented = true });
}
