using EpochCompare.Tensors;

namespace EpochCompare.Flux.Lora;

/// <summary>
/// The trainable side path kohya adds to a frozen Linear: y += multiplier * (alpha / rank) * up(down(x)).
/// down [rank, in], up [out, rank]; up starts at zero so the untrained adapter leaves the model unchanged.
/// </summary>
public sealed class LoraAdapter
{
    public LoraAdapter(Parameter down, Parameter up, float alpha, float multiplier = 1f)
    {
        if (down.Rank != 2 || up.Rank != 2 || up.Size(1) != down.Size(0))
        {
            throw new ArgumentException($"LoRA '{down.Name}': down {down.ShapeText} and up {up.ShapeText} do not chain.");
        }
        Down = down;
        Up = up;
        Alpha = alpha;
        Multiplier = multiplier;
    }

    public Parameter Down { get; }

    public Parameter Up { get; }

    public float Alpha { get; }

    public float Multiplier { get; set; }

    public int Rank => Down.Size(0);

    public float Scale => Alpha / Rank;

    /// <summary>A fresh adapter as kohya initialises it: down ~ U(-1/sqrt(in), 1/sqrt(in)) (kaiming_uniform a=sqrt 5), up = 0.</summary>
    public static LoraAdapter CreateForTraining(string modulePath, int inFeatures, int outFeatures, int rank, float alpha, Random random)
    {
        string name = KohyaLoraNames.FromModulePath(modulePath);
        var down = Parameter.Zeros(name + KohyaLoraNames.DownSuffix, rank, inFeatures);
        float bound = 1f / MathF.Sqrt(inFeatures);
        Span<float> values = down.Span;
        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1) * bound;
        }
        var up = Parameter.Zeros(name + KohyaLoraNames.UpSuffix, outFeatures, rank);
        return new LoraAdapter(down, up, alpha);
    }

    public static LoraAdapter FromWeights(LoraModuleWeights weights, float multiplier)
    {
        string name = KohyaLoraNames.FromModulePath(weights.ModulePath);
        return new LoraAdapter(
            Parameter.FromArray(name + KohyaLoraNames.DownSuffix, weights.Down, weights.Rank, weights.InFeatures),
            Parameter.FromArray(name + KohyaLoraNames.UpSuffix, weights.Up, weights.OutFeatures, weights.Rank),
            weights.Alpha, multiplier);
    }

    /// <summary>base + multiplier * scale * up(down(x)).</summary>
    public Tensor AddTo(Tensor baseOutput, Tensor x)
    {
        float s = Multiplier * Scale;
        if (s == 0f)
        {
            return baseOutput;
        }
        // Scale the narrow rank-wide activation rather than the full output: same product, less traffic.
        Tensor side = Ops.Linear(Ops.Scale(Ops.Linear(x, Down), s), Up);
        return Ops.Add(baseOutput, side);
    }

    public LoraModuleWeights ToWeights(string modulePath) =>
        new(modulePath, Down.Size(1), Up.Size(0), Rank, Alpha, Down.ToArray(), Up.ToArray());
}
