using EpochCompare.Demo.Classifier;
using EpochCompare.Demo.World;

namespace EpochCompare.Demo.Tests.Classifier;

public sealed class ConceptClassifierTests : IDisposable
{
    private readonly string _temp = Path.Combine(Path.GetTempPath(), $"ec-classifier-{Guid.NewGuid():N}.safetensors");

    public void Dispose() => File.Delete(_temp);

    [Fact]
    public void TheShippedClassifierRecognisesHeldOutRendersOfBothLooks()
    {
        ConceptClassifier classifier = ConceptClassifier.Load(ShippedAssets.Verified(ShippedAssets.ConceptClassifier));
        // Seed 4242 is not a training seed: these scenes were never seen.
        ClassifierEvaluation evaluation = ClassifierTraining.Evaluate(classifier, seed: 4242, scenesPerConceptAndLook: 25);
        Assert.True(evaluation.Accuracy(WorldLook.Plain) >= 0.95, $"plain accuracy {evaluation.Accuracy(WorldLook.Plain):P1}");
        Assert.True(evaluation.Accuracy(WorldLook.Ohwx) >= 0.95, $"ohwx accuracy {evaluation.Accuracy(WorldLook.Ohwx):P1}");
    }

    [Fact]
    public void ShortTrainingLearnsFarAboveChanceAndSurvivesASaveLoadRoundTrip()
    {
        var options = new ClassifierTrainingOptions(Seed: 3, ScenesPerLook: 480, Epochs: 3, BatchSize: 32);
        ConceptClassifier trained = ClassifierTraining.Train(options);
        ClassifierEvaluation evaluation = ClassifierTraining.Evaluate(trained, seed: 99, scenesPerConceptAndLook: 5);
        double chance = 1.0 / WorldConcepts.All.Count;
        Assert.True(evaluation.Accuracy(WorldLook.Plain) > 4 * chance, $"plain accuracy {evaluation.Accuracy(WorldLook.Plain):P1}");

        trained.Save(_temp);
        ConceptClassifier loaded = ConceptClassifier.Load(_temp);
        var images = Enumerable.Range(0, 6).Select(i => WorldRenderer.Render(new SceneSampler(i).Next(), WorldLook.Ohwx)).ToList();
        // Weights are stored as F16, so probabilities may move in the last digits but the answers stay.
        Assert.Equal(trained.Predict(images).Select(p => p.Concept), loaded.Predict(images).Select(p => p.Concept));
    }

    [Fact]
    public void AFileThatIsNotAClassifierIsRejectedByName()
    {
        File.WriteAllBytes(_temp, [8, 0, 0, 0, 0, 0, 0, 0, (byte)'{', (byte)'}', 32, 32, 32, 32, 32, 32]);
        var ex = Assert.Throws<InvalidDataException>(() => ConceptClassifier.Load(_temp));
        Assert.Contains(_temp, ex.Message);
    }
}
