using System.CommandLine;
using System.Text.Json;
using EpochCompare.Training.Planning;

namespace EpochCompare.Cli.Commands;

/// <summary><c>epochcompare plan</c>: the epoch/step/learning-rate math for a dataset, before any training.</summary>
internal static class PlanCommand
{
    public static Command Create()
    {
        var images = new Option<int>("--images") { Description = "Number of training images.", Required = true };
        var repeats = new Option<int>("--repeats") { Description = "Times each image is shown per epoch (the N in a kohya folder 'N_trigger class').", DefaultValueFactory = _ => 1 };
        var epochs = new Option<int>("--epochs") { Description = "Epochs: full passes over images x repeats.", Required = true };
        var batch = new Option<int>("--batch-size") { Description = "Images per step on each GPU.", DefaultValueFactory = _ => 1 };
        var gpus = new Option<int>("--gpus") { Description = "GPUs training together (each sees its own batch).", DefaultValueFactory = _ => 1 };
        var accum = new Option<int>("--grad-accum") { Description = "Batches accumulated into one optimizer step.", DefaultValueFactory = _ => 1 };
        var lr = new Option<double?>("--lr") { Description = "Learning rate at batch size 1." };
        var scale = new Option<string>("--scale-lr") { Description = "sqrt: lr = sqrt(batch size) x lr at batch size 1.", DefaultValueFactory = _ => "none" };
        scale.AcceptOnlyFromAmong("none", "sqrt");
        var json = new Option<bool>("--json") { Description = "Print the plan as JSON." };

        var command = new Command("plan", "Show samples per epoch, steps per epoch, total steps and learning rate for a training run.")
        {
            images, repeats, epochs, batch, gpus, accum, lr, scale, json,
        };
        command.SetAction(parseResult =>
        {
            var request = new PlanRequest
            {
                Subsets = [new DatasetSubsetSize(parseResult.GetValue(images), parseResult.GetValue(repeats))],
                Epochs = parseResult.GetValue(epochs),
                BatchSize = parseResult.GetValue(batch),
                Gpus = parseResult.GetValue(gpus),
                GradientAccumulation = parseResult.GetValue(accum),
                LearningRate = parseResult.GetValue(lr),
                Scaling = parseResult.GetValue(scale) == "sqrt" ? LearningRateScaling.Sqrt : LearningRateScaling.None,
            };
            TrainingPlan plan;
            try
            {
                plan = TrainingPlan.Create(request);
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }
            TextWriter output = parseResult.InvocationConfiguration.Output;
            if (parseResult.GetValue(json))
            {
                output.WriteLine(ToJson(plan));
            }
            else
            {
                foreach (string line in plan.Describe())
                {
                    output.WriteLine(line);
                }
            }
            return CliApp.ExitOk;
        });
        return command;
    }

    internal static string ToJson(TrainingPlan plan) => JsonSerializer.Serialize(new Dictionary<string, object?>
    {
        ["samples_per_epoch"] = plan.SamplesPerEpoch,
        ["samples_per_step"] = plan.SamplesPerStep,
        ["steps_per_epoch"] = plan.StepsPerEpoch,
        ["total_steps"] = plan.TotalSteps,
        ["epochs"] = plan.Epochs,
        ["batch_size"] = plan.Request.BatchSize,
        ["gpus"] = plan.Request.Gpus,
        ["grad_accum"] = plan.Request.GradientAccumulation,
        ["lr"] = plan.LearningRate,
    }, new JsonSerializerOptions { WriteIndented = true });
}
