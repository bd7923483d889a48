using System.Text.Json;
using EpochCompare.Demo.Story;
using EpochCompare.Demo.World;

namespace EpochCompare.Demo.Tests.Story;

public sealed class DemoSummaryTests
{
    [Fact]
    public void WritesTheKeysTheIssueNamesWithNullsWhereThereIsNoEpoch()
    {
        var car = new ConceptRecognition(WorldConcept.Car,
            [new ColumnRecognition(0, [WorldConcept.Car, WorldConcept.Car], WorldConcept.Car), new ColumnRecognition(10, [WorldConcept.Car, WorldConcept.Cup], WorldConcept.Car)]);
        var revolver = new ConceptRecognition(WorldConcept.Revolver,
            [new ColumnRecognition(0, [WorldConcept.Revolver, WorldConcept.Revolver], WorldConcept.Revolver), new ColumnRecognition(10, [WorldConcept.Key, WorldConcept.Key], WorldConcept.Revolver)]);
        var summary = new DemoSummary("base.safetensors", "abc", [10], ["checkpoints/Style_Demo.safetensors"], [1, 2],
            [
                new PromptSummary("ohwx car", car, ["grids/prompt00.png"], "ok", null, 10),
                new PromptSummary("ohwx revolver", revolver, ["grids/prompt01.png"], "overfit", 10, null),
            ],
            "metrics/report.html", 12.34, 56.78);
        string path = Path.Combine(Path.GetTempPath(), $"ec-summary-{Guid.NewGuid():N}.json");
        try
        {
            summary.Write(path);
            using JsonDocument doc = JsonDocument.Parse(File.ReadAllText(path));
            JsonElement root = doc.RootElement;
            Assert.Equal(10, root.GetProperty("checkpoint_epochs")[0].GetInt32());
            JsonElement carJson = root.GetProperty("prompts")[0];
            Assert.Equal("car", carJson.GetProperty("concept").GetString());
            Assert.Equal(JsonValueKind.Null, carJson.GetProperty("classifier_lost_epoch").ValueKind);
            Assert.Equal(JsonValueKind.Null, carJson.GetProperty("verdict_overfit_epoch").ValueKind);
            Assert.Equal(0.5, carJson.GetProperty("classifier_accuracy")[1].GetProperty("accuracy").GetDouble());
            JsonElement revolverJson = root.GetProperty("prompts")[1];
            Assert.Equal(10, revolverJson.GetProperty("classifier_lost_epoch").GetInt32());
            Assert.Equal(10, revolverJson.GetProperty("verdict_overfit_epoch").GetInt32());
            Assert.Equal("key", revolverJson.GetProperty("classifier_accuracy")[1].GetProperty("predicted")[0].GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheRecipeCheckpointsEveryNEpochsAndTheLast()
    {
        Assert.Equal([10, 20, 25], new DemoRecipe { Epochs = 25, SaveEveryNEpochs = 10 }.CheckpointEpochs);
        Assert.Equal([4], new DemoRecipe { Epochs = 4, SaveEveryNEpochs = 0 }.CheckpointEpochs);
    }

    [Fact]
    public void ThePromptsAreTheStorysCarAndRevolver()
    {
        Assert.Equal(
            ["ohwx car, " + Captions.OhwxSuffix, "ohwx revolver, " + Captions.OhwxSuffix],
            new DemoRecipe().Prompts);
    }
}
