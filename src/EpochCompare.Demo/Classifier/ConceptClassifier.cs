using EpochCompare.Demo.World;
using EpochCompare.Flux.Model;
using EpochCompare.Flux.Modules;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Imaging;
using EpochCompare.Tensors;

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
        FluxInitializer.Initialize(net, seed);
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
        using var noGrad = new NoGrad();
        Tensor probabilities = Ops.Softmax(Net.Forward(Tensor.Wrap(input, images.Count, ClassifierInput.Length)));
        ReadOnlySpan<float> p = probabilities.Span;
        var result = new ConceptPrediction[images.Count];
        int classes = Net.Classes;
        for (int i = 0; i < images.Count; i++)
        {
            ReadOnlySpan<float> row = p.Slice(i * classes, classes);
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

    public void Save(string path)
    {
        var tensors = Net.Parameters().Select(slot => new SafeTensorToWrite(
            slot.Key, SafeTensorDType.F16, slot.Shape.Select(d => (long)d).ToArray(), slot.Value.Span.ToArray()));
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
        foreach (ParameterSlot slot in net.Parameters())
        {
            if (!file.TryGetEntry(slot.Key, out SafeTensorEntry entry))
            {
                throw new InvalidDataException($"{path}: missing classifier weight '{slot.Key}'.");
            }
            if (!entry.Shape.Select(d => (int)d).SequenceEqual(slot.Shape))
            {
                throw new InvalidDataException($"{path}: '{slot.Key}' has shape [{string.Join(", ", entry.Shape)}], expected {slot.ShapeText}.");
            }
            file.ReadSingles(entry, slot.Allocate().Span);
        }
        return new ConceptClassifier(net);
    }
}
