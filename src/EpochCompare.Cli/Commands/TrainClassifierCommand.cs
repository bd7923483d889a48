using System.CommandLine;
using EpochCompare.Demo.Classifier;
using EpochCompare.Demo.World;

namespace EpochCompare.Cli.Commands;

/// <summary>
/// <c>epochcompare train-classifier</c>: regenerates the demo's concept classifier (the shipped
/// Assets/concept-classifier.safetensors was made with the defaults) and reports held-out accuracy.
/// </summary>
internal static class TrainClassifierCommand
{
    public static Command Create()
    {
        var output = new Option<FileInfo>("--out") { Description = "Where to write the classifier weights (safetensors).", Required = true };
        var scenes = new Option<int>("--scenes-per-look") { Description = "Training renders per look.", DefaultValueFactory = _ => 10000 };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training renders.", DefaultValueFactory = _ => 10 };
        var seed = new Option<int>("--seed") { Description = "Seed of the training scenes and weights.", DefaultValueFactory = _ => 1 };
        var command = new Command("train-classifier", "Train the demo's concept classifier on renders of the synthetic world (ground truth for the demo only).")
        {
            output, scenes, epochs, seed,
        };
        command.SetAction(parseResult =>
        {
            int scenesPerLook = parseResult.GetValue(scenes);
            int epochCount = parseResult.GetValue(epochs);
            if (scenesPerLook < 64 || epochCount < 1)
            {
                throw new UsageException("train-classifier: --scenes-per-look must be at least 64 and --epochs at least 1.");
            }
            TextWriter log = parseResult.InvocationConfiguration.Output;
            var options = new ClassifierTrainingOptions(Seed: parseResult.GetValue(seed), ScenesPerLook: scenesPerLook, Epochs: epochCount);
            ConceptClassifier classifier = ClassifierTraining.Train(options, log.WriteLine);
            string path = parseResult.GetRequiredValue(output).FullName;
            classifier.Save(path);
            ClassifierEvaluation evaluation = ClassifierTraining.Evaluate(classifier, seed: 777, scenesPerConceptAndLook: 20);
            foreach (WorldLook look in Enum.GetValues<WorldLook>())
            {
                log.WriteLine($"held-out accuracy ({look}): {evaluation.Accuracy(look):P1}");
            }
            log.WriteLine($"wrote {path}");
            return CliApp.ExitOk;
        });
        return command;
    }
}
