namespace EpochCompare.Flux.Config;

/// <summary>
/// The hyper-parameters of a FLUX.1 transformer, as the reference's <c>FluxParams</c> (same fields,
/// same JSON names via <see cref="FluxParamsJson"/>).
/// </summary>
public sealed record FluxParams
{
    public required int InChannels { get; init; }
    public required int OutChannels { get; init; }
    public required int VecInDim { get; init; }
    public required int ContextInDim { get; init; }
    public required int HiddenSize { get; init; }
    public required double MlpRatio { get; init; }
    public required int NumHeads { get; init; }
    /// <summary>Number of double-stream blocks.</summary>
    public required int Depth { get; init; }
    public required int DepthSingleBlocks { get; init; }
    /// <summary>Rotary dimensions per position axis (index, row, column); they sum to the head dimension.</summary>
    public required IReadOnlyList<int> AxesDim { get; init; }
    public required double Theta { get; init; }
    public required bool QkvBias { get; init; }
    public required bool GuidanceEmbed { get; init; }

    public int HeadDim => HiddenSize / NumHeads;

    /// <summary>int(hidden_size * mlp_ratio), as the reference truncates it.</summary>
    public int MlpHiddenDim => (int)(HiddenSize * MlpRatio);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistency, as the reference asserts.</summary>
    public FluxParams Validated(string source)
    {
        void Require(bool ok, string problem)
        {
            if (!ok)
            {
                throw new ArgumentException($"{source}: invalid FLUX config: {problem}.");
            }
        }

        Require(InChannels > 0 && OutChannels > 0 && VecInDim > 0 && ContextInDim > 0, "channel and embedding dims must be positive");
        Require(HiddenSize > 0 && NumHeads > 0 && HiddenSize % NumHeads == 0, $"hidden_size {HiddenSize} is not divisible by num_heads {NumHeads}");
        Require(MlpRatio > 0 && MlpHiddenDim > 0, $"mlp_ratio {MlpRatio} must be positive");
        Require(Depth >= 0 && DepthSingleBlocks >= 0, "block counts must not be negative");
        Require(AxesDim.Count > 0 && AxesDim.All(d => d > 0 && d % 2 == 0), $"axes_dim [{string.Join(", ", AxesDim)}] must be positive and even");
        Require(AxesDim.Sum() == HeadDim, $"axes_dim [{string.Join(", ", AxesDim)}] sums to {AxesDim.Sum()}, not the head dim {HeadDim}");
        Require(Theta > 0, $"theta {Theta} must be positive");
        return this;
    }

    public bool Equals(FluxParams? other) =>
        other is not null
        && InChannels == other.InChannels && OutChannels == other.OutChannels
        && VecInDim == other.VecInDim && ContextInDim == other.ContextInDim
        && HiddenSize == other.HiddenSize && MlpRatio.Equals(other.MlpRatio) && NumHeads == other.NumHeads
        && Depth == other.Depth && DepthSingleBlocks == other.DepthSingleBlocks
        && AxesDim.SequenceEqual(other.AxesDim) && Theta.Equals(other.Theta)
        && QkvBias == other.QkvBias && GuidanceEmbed == other.GuidanceEmbed;

    public override int GetHashCode() =>
        HashCode.Combine(HashCode.Combine(InChannels, OutChannels, VecInDim, ContextInDim, HiddenSize, MlpRatio, NumHeads),
            HashCode.Combine(Depth, DepthSingleBlocks, string.Join(",", AxesDim), Theta, QkvBias, GuidanceEmbed));
}
