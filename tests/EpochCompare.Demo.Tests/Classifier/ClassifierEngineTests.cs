using EpochCompare.Demo.Classifier;
using EpochCompare.Demo.World;
using EpochCompare.Flux.SafeTensors;
using static TorchSharp.torch;

namespace EpochCompare.Demo.Tests.Classifier;

/// <summary>The TorchSharp classifier reads the shipped weights unchanged and computes what the own engine computed.</summary>
public sealed class ClassifierEngineTests
{
    private static string Shipped => ShippedAssets.Verified(ShippedAssets.ConceptClassifier);

    [Fact]
    public void StateDictKeysAndShapesAreExactlyTheShippedFiles()
    {
        var net = new ConceptClassifierNet(WorldConcepts.All.Count);
        using SafeTensorsFile file = SafeTensorsFile.Open(Shipped);
        var expected = file.Entries.ToDictionary(e => e.Name, e => e.ShapeText);
        var actual = net.state_dict().ToDictionary(kv => kv.Key, kv => "[" + string.Join(", ", kv.Value.shape) + "]");
        Assert.Equal(expected.OrderBy(kv => kv.Key), actual.OrderBy(kv => kv.Key));
    }

    [Fact]
    public void TheShippedWeightsGiveTheLogitsTheOwnEngineRecorded()
    {
        ConceptClassifier classifier = ConceptClassifier.Load(Shipped);
        using SafeTensorsFile fixture = SafeTensorsFile.Open(Path.Combine(AppContext.BaseDirectory, "Fixtures", "classifier", "shipped-classifier-outputs.safetensors"));
        float[] inputs = fixture.ReadSingles("inputs");
        float[] expectedLogits = fixture.ReadSingles("logits");
        float[] expectedProbabilities = fixture.ReadSingles("probabilities");
        int count = inputs.Length / ClassifierInput.Length;
        Assert.Equal(48, count);

        float[] logits = Logits(classifier, inputs, count);
        AssertClose(expectedLogits, logits, "logits");
        float[] probabilities = classifier.Probabilities(inputs, count);
        AssertClose(expectedProbabilities, probabilities, "probabilities");
        int classes = classifier.Net.Classes;
        for (int i = 0; i < count; i++)
        {
            Assert.Equal(ArgMax(expectedProbabilities.AsSpan(i * classes, classes)), ArgMax(probabilities.AsSpan(i * classes, classes)));
        }
    }

    private static float[] Logits(ConceptClassifier classifier, float[] inputs, int count)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return classifier.Net.forward(tensor(inputs, [count, ClassifierInput.Length])).data<float>().ToArray();
    }

    private static void AssertClose(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        double worst = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double error = Math.Abs(expected[i] - actual[i]);
            worst = Math.Max(worst, error);
            Assert.True(error <= 1e-4 + 1e-5 * Math.Abs(expected[i]), $"{what}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    private static int ArgMax(ReadOnlySpan<float> row)
    {
        int best = 0;
        for (int c = 1; c < row.Length; c++)
        {
            if (row[c] > row[best])
            {
                best = c;
            }
        }
        return best;
    }
}
