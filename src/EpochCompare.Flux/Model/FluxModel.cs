using EpochCompare.Flux.Config;
using EpochCompare.Flux.Modules;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.Model;

/// <summary>
/// The FLUX.1 rectified-flow transformer (BFL <c>Flux</c>): embedders, double-stream blocks over separate
/// image/text streams, single-stream blocks over [txt, img], and the adaLN final layer.
/// Building it allocates no weights; load a checkpoint or initialise it first.
/// </summary>
public sealed class FluxModel : Module
{
    public FluxModel(FluxParams parameters)
        : base("")
    {
        Params = parameters.Validated("flux model");
        int hidden = Params.HiddenSize;
        ImgIn = Child(new Linear("img_in", Params.InChannels, hidden));
        TimeIn = Child(new MlpEmbedder("time_in", TimestepFeatures, hidden));
        VectorIn = Child(new MlpEmbedder("vector_in", Params.VecInDim, hidden));
        GuidanceIn = Params.GuidanceEmbed ? Child(new MlpEmbedder("guidance_in", TimestepFeatures, hidden)) : null;
        TxtIn = Child(new Linear("txt_in", Params.ContextInDim, hidden));
        DoubleBlocks = Enumerable.Range(0, Params.Depth)
            .Select(i => Child(new DoubleStreamBlock($"double_blocks.{i}", hidden, Params.NumHeads, Params.MlpHiddenDim, Params.QkvBias)))
            .ToArray();
        SingleBlocks = Enumerable.Range(0, Params.DepthSingleBlocks)
            .Select(i => Child(new SingleStreamBlock($"single_blocks.{i}", hidden, Params.NumHeads, Params.MlpHiddenDim)))
            .ToArray();
        FinalLayer = Child(new LastLayer("final_layer", hidden, Params.OutChannels));
        PeEmbedder = new EmbedNd(Params.Theta, Params.AxesDim);
    }

    /// <summary>Width of the sinusoidal timestep features fed to time_in and guidance_in.</summary>
    public const int TimestepFeatures = 256;

    public FluxParams Params { get; }
    public Linear ImgIn { get; }
    public MlpEmbedder TimeIn { get; }
    public MlpEmbedder VectorIn { get; }
    public MlpEmbedder? GuidanceIn { get; }
    public Linear TxtIn { get; }
    public IReadOnlyList<DoubleStreamBlock> DoubleBlocks { get; }
    public IReadOnlyList<SingleStreamBlock> SingleBlocks { get; }
    public LastLayer FinalLayer { get; }
    public EmbedNd PeEmbedder { get; }

    /// <summary>Predicted velocity [B, L, out_channels].</summary>
    public Tensor Forward(FluxInputs inputs)
    {
        CheckInputs(inputs);
        Tensor img = ImgIn.Forward(inputs.Img);
        Tensor vec = TimeIn.Forward(Ops.TimestepEmbedding(inputs.Timesteps, TimestepFeatures));
        if (GuidanceIn is not null)
        {
            float[] guidance = inputs.Guidance
                ?? throw new ArgumentException("flux: this model embeds guidance (flux-dev style); pass a guidance value per batch entry.");
            vec = Ops.Add(vec, GuidanceIn.Forward(Ops.TimestepEmbedding(guidance, TimestepFeatures)));
        }
        vec = Ops.Add(vec, VectorIn.Forward(inputs.Y));
        Tensor txt = TxtIn.Forward(inputs.Txt);

        Tensor pe = PeEmbedder.Forward(Ops.Concat([inputs.TxtIds, inputs.ImgIds], 1));
        foreach (DoubleStreamBlock block in DoubleBlocks)
        {
            (img, txt) = block.Forward(img, txt, vec, pe);
        }
        int txtLength = txt.Size(1);
        Tensor x = Ops.Concat([txt, img], 1);
        foreach (SingleStreamBlock block in SingleBlocks)
        {
            x = block.Forward(x, vec, pe);
        }
        img = Ops.Slice(x, 1, txtLength, x.Size(1) - txtLength);
        return FinalLayer.Forward(img, vec);
    }

    private void CheckInputs(FluxInputs inputs)
    {
        int b = inputs.Img.Size(0);
        void Require(bool ok, string what)
        {
            if (!ok)
            {
                throw new ArgumentException($"flux: {what}.");
            }
        }

        Require(inputs.Img.Rank == 3 && inputs.Img.Size(2) == Params.InChannels, $"img {inputs.Img.ShapeText} must be [B, L, {Params.InChannels}]");
        Require(inputs.ImgIds.Rank == 3 && inputs.ImgIds.Size(0) == b && inputs.ImgIds.Size(1) == inputs.Img.Size(1) && inputs.ImgIds.Size(2) == Params.AxesDim.Count,
            $"img_ids {inputs.ImgIds.ShapeText} must be [{b}, {inputs.Img.Size(1)}, {Params.AxesDim.Count}]");
        Require(inputs.Txt.Rank == 3 && inputs.Txt.Size(0) == b && inputs.Txt.Size(2) == Params.ContextInDim, $"txt {inputs.Txt.ShapeText} must be [{b}, T, {Params.ContextInDim}]");
        Require(inputs.TxtIds.Rank == 3 && inputs.TxtIds.Size(0) == b && inputs.TxtIds.Size(1) == inputs.Txt.Size(1) && inputs.TxtIds.Size(2) == Params.AxesDim.Count,
            $"txt_ids {inputs.TxtIds.ShapeText} must be [{b}, {inputs.Txt.Size(1)}, {Params.AxesDim.Count}]");
        Require(inputs.Y.Rank == 2 && inputs.Y.Size(0) == b && inputs.Y.Size(1) == Params.VecInDim, $"y {inputs.Y.ShapeText} must be [{b}, {Params.VecInDim}]");
        Require(inputs.Timesteps.Length == b, $"{inputs.Timesteps.Length} timesteps for a batch of {b}");
        Require(inputs.Guidance is null || inputs.Guidance.Length == b, $"{inputs.Guidance?.Length} guidance values for a batch of {b}");
    }
}
