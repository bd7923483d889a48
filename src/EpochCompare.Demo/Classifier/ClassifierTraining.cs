using EpochCompare.Demo.World;
using static TorchSharp.torch;

namespace EpochCompare.Demo.Classifier;

/// <summary>How the concept classifier is trained: fresh renders of both looks, with noise augmentation.</summary>
public sealed record ClassifierTrainingOptions(
    int Seed = 1,
    int ScenesPerLook = 6000,
    int Epochs = 8,
    int BatchSize = 64,
    float LearningRate = 1e-3f,
    float MaxNoise = 0.25f);

/// <summary>
/// Trains the classifier on renders of the world in both looks (so it is style-invariant), with
/// additive noise of random strength so it also judges rough model samples. Deterministic for a seed.
/// </summary>
public static class ClassifierTraining
{
    public static ConceptClassifier Train(ClassifierTrainingOptions options, Action<string>? log = null)
    {
        LabeledInputs data = LabeledInputs.Render(options.Seed, options.ScenesPerLook);
        ConceptClassifier classifier = ConceptClassifier.CreateUntrained(options.Seed);
        // PyTorch's AdamW default weight decay (TorchSharp's default is 0).
        using var optimizer = optim.AdamW(classifier.Net.parameters(), options.LearningRate, weight_decay: 0.01);
        var random = new Random(options.Seed ^ 0x5eed);
        int count = data.Labels.Length;
        int[] order = Enumerable.Range(0, count).ToArray();
        var batchInput = new float[options.BatchSize * ClassifierInput.Length];
        var batchLabels = new long[options.BatchSize];
        int totalSteps = options.Epochs * (count / options.BatchSize);
        int step = 0;
        for (int epoch = 0; epoch < options.Epochs; epoch++)
        {
            random.Shuffle(order);
            double lossSum = 0;
            int batches = 0;
            for (int start = 0; start + options.BatchSize <= count; start += options.BatchSize)
            {
                for (int b = 0; b < options.BatchSize; b++)
                {
                    int index = order[start + b];
                    batchLabels[b] = data.Labels[index];
                    Span<float> row = batchInput.AsSpan(b * ClassifierInput.Length, ClassifierInput.Length);
                    data.Input(index).CopyTo(row);
                    AddNoise(row, (float)random.NextDouble() * options.MaxNoise, random);
                }
                // Cosine decay keeps the last epochs from bouncing around.
                float learningRate = options.LearningRate * 0.5f * (1 + MathF.Cos(MathF.PI * step / totalSteps));
                foreach (var group in optimizer.ParamGroups)
                {
                    group.LearningRate = learningRate;
                }
                using (var scope = NewDisposeScope())
                {
                    Tensor logits = classifier.Net.forward(tensor(batchInput, [options.BatchSize, ClassifierInput.Length]));
                    Tensor loss = nn.functional.cross_entropy(logits, tensor(batchLabels));
                    lossSum += loss.item<float>();
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                }
                batches++;
                step++;
            }
            log?.Invoke($"classifier epoch {epoch + 1}/{options.Epochs}: loss {lossSum / Math.Max(1, batches):F4}");
        }
        return classifier;
    }

    /// <summary>Accuracy per look on fresh renders from another seed (held out from training).</summary>
    public static ClassifierEvaluation Evaluate(ConceptClassifier classifier, int seed, int scenesPerConceptAndLook)
    {
        var correct = new Dictionary<(WorldConcept, WorldLook), int>();
        var sampler = new SceneSampler(seed);
        foreach (WorldLook look in Enum.GetValues<WorldLook>())
        {
            foreach (WorldConcept concept in WorldConcepts.All)
            {
                var images = Enumerable.Range(0, scenesPerConceptAndLook)
                    .Select(_ => WorldRenderer.Render(sampler.Next(concept), look))
                    .ToList();
                correct[(concept, look)] = classifier.Predict(images).Count(p => p.Concept == concept);
            }
        }
        return new ClassifierEvaluation(correct, scenesPerConceptAndLook);
    }

    private static void AddNoise(Span<float> values, float strength, Random random)
    {
        if (strength <= 0)
        {
            return;
        }
        for (int i = 0; i < values.Length; i++)
        {
            // Sum of two uniforms: a cheap, bounded bell shape with standard deviation `strength`.
            float u = (float)(random.NextDouble() + random.NextDouble() - 1.0);
            values[i] += u * strength * 2.449f;
        }
    }

    /// <summary>Rendered training inputs and their concept indices.</summary>
    private sealed class LabeledInputs(float[] inputs, int[] labels)
    {
        public int[] Labels { get; } = labels;

        public ReadOnlySpan<float> Input(int index) => inputs.AsSpan(index * ClassifierInput.Length, ClassifierInput.Length);

        public static LabeledInputs Render(int seed, int scenesPerLook)
        {
            var looks = Enum.GetValues<WorldLook>();
            int count = scenesPerLook * looks.Length;
            var inputs = new float[count * ClassifierInput.Length];
            var labels = new int[count];
            var sampler = new SceneSampler(seed);
            var scenes = new (Scene Scene, WorldLook Look)[count];
            for (int i = 0; i < count; i++)
            {
                scenes[i] = (sampler.Next(), looks[i % looks.Length]);
            }
            // Rendering is independent per scene: parallel, yet deterministic because each slot is fixed.
            Parallel.For(0, count, i =>
            {
                float[] input = ClassifierInput.From(WorldRenderer.Render(scenes[i].Scene, scenes[i].Look));
                input.CopyTo(inputs, i * ClassifierInput.Length);
                labels[i] = (int)scenes[i].Scene.Concept;
            });
            return new LabeledInputs(inputs, labels);
        }
    }
}

/// <summary>How many held-out renders the classifier got right, per concept and look.</summary>
public sealed class ClassifierEvaluation(IReadOnlyDictionary<(WorldConcept Concept, WorldLook Look), int> correct, int perCell)
{
    public int PerConceptAndLook { get; } = perCell;

    public double Accuracy(WorldConcept concept, WorldLook look) => correct[(concept, look)] / (double)PerConceptAndLook;

    public double Accuracy(WorldLook look) =>
        WorldConcepts.All.Sum(c => correct[(c, look)]) / (double)(PerConceptAndLook * WorldConcepts.All.Count);
}
