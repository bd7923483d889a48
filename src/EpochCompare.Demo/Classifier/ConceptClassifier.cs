using EpochCompare.Demo.World;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Imaging;
using static TorchSharp.torch;

namespace EpochCompare.Demo.Classifier;

/// <summary>One verdict of the classifier: the concept it sees and how sure it is.</summary>
public readonly record struct ConceptPrediction(WorldConcept Concept, float Probability);

/// <summary>Recognises the objects of the synthetic world in either look; loads and saves its weights.</summary>
public sealed class ConceptClassifier
{
    private const string FormatKey = "epochcompare.classifier";
    private const string FormatValue = "concept-mlp-v1";

    public ConceptClassifier(ConceptClassifierNet net) => Net = net;

    public ConceptClassifierNet Net { get; }

    public static ConceptClassifier CreateUntrained(int seed)
    {
        var net = new ConceptClassifierNet(WorldConcepts.All.Count);
        net.Initialize(seed);
        return new ConceptClassifier(net);
    }

    public ConceptPrediction Predict(RgbaImage image) => Predict([image])[0];

    public IReadOnlyList<ConceptPrediction> Predict(IReadOnlyList<RgbaImage> images)
    {
        var input = new float[images.Count * ClassifierInput.Length];
        for (int i = 0; i < images.Count; i++)
        {
            ClassifierInput.From(images[i]).CopyTo(input, i * ClassifierInput.Length);
        }
        float[] p = Probabilities(input, images.Count);
        var result = new ConceptPrediction[images.Count];
        int classes = Net.Classes;
        for (int i = 0; i < images.Count; i++)
        {
            ReadOnlySpan<float> row = p.AsSpan(i * classes, classes);
            int best = 0;
            for (int c = 1; c < classes; c++)
            {
                if (row[c] > row[best])
                {
                    best = c;
                }
            }
            result[i] = new ConceptPrediction(WorldConcepts.All[best], row[best]);
        }
        return result;
    }

    /// <summary>Softmax probabilities [count, classes] (row-major) for <paramref name="count"/> inputs of <see cref="ClassifierInput.Length"/> values.</summary>
    internal float[] Probabilities(float[] inputs, int count)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        Tensor x = tensor(inputs, [count, ClassifierInput.Length]);
        return Net.forward(x).softmax(1).data<float>().ToArray();
    }

    public void Save(string path)
    {
        var tensors = Net.named_parameters().Select(named => new SafeTensorToWrite(
            named.name, SafeTensorDType.F16, named.parameter.shape, named.parameter.data<float>().ToArray()));
        var metadata = new Dictionary<string, string>
        {
            [FormatKey] = FormatValue,
            ["concepts"] = string.Join(",", WorldConcepts.All.Select(c => c.Word())),
        };
        SafeTensorsWriter.Write(path, tensors, metadata, overwrite: true);
    }

    public static ConceptClassifier Load(string path)
    {
        using SafeTensorsFile file = SafeTensorsFile.Open(path);
        if (!file.Metadata.TryGetValue(FormatKey, out string? format) || format != FormatValue)
        {
            throw new InvalidDataException($"{path}: not a concept classifier ({FormatKey} = {format ?? "missing"}, expected {FormatValue}).");
        }
        var net = new ConceptClassifierNet(WorldConcepts.All.Count);
        using var noGrad = no_grad();
        foreach (var (name, parameter) in net.named_parameters())
        {
            if (!file.TryGetEntry(name, out SafeTensorEntry entry))
            {
                throw new InvalidDataException($"{path}: missing classifier weight '{name}'.");
            }
            if (!entry.Shape.SequenceEqual(parameter.shape))
            {
                throw new InvalidDataException($"{path}: '{name}' has shape {entry.ShapeText}, expected [{string.Join(", ", parameter.shape)}].");
            }
            var values = new float[parameter.numel()];
            file.ReadSingles(entry, values);
            using Tensor stored = tensor(values, parameter.shape);
            parameter.copy_(stored);
        }
        return new ConceptClassifier(net);
    }
}
