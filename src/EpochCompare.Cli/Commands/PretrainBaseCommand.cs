using System.CommandLine;
using EpochCompare.Demo.BaseModel;
using EpochCompare.Demo.World;
using EpochCompare.Training.Run;

namespace EpochCompare.Cli.Commands;

/// <summary>
/// <c>epochcompare pretrain-base</c>: regenerates the shipped flux-tiny base. Writes the plain-world dataset,
/// trains with <see cref="BasePretraining"/> (hours of CPU: checkpoints every epoch, <c>--resume</c> goes on
/// from the last one), then with <c>--export</c> writes the float16 file the project ships.
/// </summary>
internal static class PretrainBaseCommand
{
    public static Command Create()
    {
        var recipe = new BasePretraining();
        var dir = new Option<DirectoryInfo>("--out") { Description = "Work folder: dataset/, checkpoints, loss log.", DefaultValueFactory = _ => new DirectoryInfo("flux-tiny-pretrain") };
        var resume = new Option<bool>("--resume") { Description = "Go on from the last saved epoch in --out." };
        var export = new Option<FileInfo?>("--export") { Description = "After training, write the float16 base model here (what Assets/ ships)." };
        var epochs = new Option<int>("--epochs") { Description = "Epochs over the plain world.", DefaultValueFactory = _ => recipe.Epochs };
        var perConcept = new Option<int>("--images-per-concept") { Description = "Plain-world images per concept.", DefaultValueFactory = _ => recipe.ImagesPerConcept };
        var quiet = new Option<bool>("--quiet") { Description = "No progress output." };
        var exportOnly = new Option<FileInfo?>("--export-checkpoint") { Description = "Skip training: export this full-mode checkpoint (e.g. an earlier epoch) to --export." };
        var command = new Command("pretrain-base", "Pretrain the flux-tiny base model on the synthetic plain world (how the shipped base was made).")
        {
            dir, resume, export, epochs, perConcept, quiet, exportOnly,
        };
        command.SetAction(parseResult =>
        {
            int epochCount = parseResult.GetValue(epochs), images = parseResult.GetValue(perConcept);
            if (epochCount < 1 || images < 1)
            {
                throw new UsageException("pretrain-base: --epochs and --images-per-concept must be at least 1.");
            }
            if (parseResult.GetValue(exportOnly) is { } checkpoint)
            {
                FileInfo destination = parseResult.GetValue(export) ?? throw new UsageException("pretrain-base: --export-checkpoint needs --export FILE.");
                BaseModelExport.ToFloat16(checkpoint.FullName, destination.FullName);
                parseResult.InvocationConfiguration.Output.WriteLine($"wrote {destination.FullName}");
                return CliApp.ExitOk;
            }
            BasePretraining run = recipe with { Epochs = epochCount, ImagesPerConcept = images };
            string root = parseResult.GetValue(dir)!.FullName;
            TextWriter output = parseResult.InvocationConfiguration.Output;
            bool silent = parseResult.GetValue(quiet);
            string datasetRoot = Path.Combine(root, "dataset");
            PlainWorldDataset.Write(datasetRoot, run.ImagesPerConcept, run.DataSeed);
            if (!silent)
            {
                output.WriteLine($"wrote the plain world ({run.ImagesPerConcept * WorldConcepts.All.Count} images) to {datasetRoot}");
            }
            var settings = run.Settings(datasetRoot, root, parseResult.GetValue(resume), silent);
            new TrainingRun(settings, output, parseResult.InvocationConfiguration.Error, Environment.CommandLine).Train();
            if (parseResult.GetValue(export) is { } target)
            {
                string final = Path.Combine(root, BasePretraining.OutputName + ".safetensors");
                BaseModelExport.ToFloat16(final, target.FullName);
                if (!silent)
                {
                    output.WriteLine($"wrote {target.FullName}");
                }
            }
            return CliApp.ExitOk;
        });
        return command;
    }
}
