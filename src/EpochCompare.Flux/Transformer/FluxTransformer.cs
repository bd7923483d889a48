using EpochCompare.Flux.Config;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Transformer;

/// <summary>
/// BFL's <c>Flux</c>, the FLUX.1 rectified-flow transformer: embedders, double-stream blocks over separate
/// image/text streams, single-stream blocks over [txt, img], and the adaLN final layer. Children carry the
/// checkpoint's names, so <c>state_dict()</c> keys are the official keys. Built on <see cref="DeviceType.META"/>
/// it allocates no weights; <see cref="Weights.StateDictLoader"/> then materialises them from a file.
/// </summary>
public sealed class FluxTransformer : nn.Module<FluxInput, Tensor>
{
    private readonly Linear img_in;
    private readonly MLPEmbedder time_in;
    private readonly MLPEmbedder vector_in;
    private readonly MLPEmbedder? guidance_in;
    private readonly Linear txt_in;
    private readonly ModuleList<DoubleStreamBlock> double_blocks;
    private readonly ModuleList<SingleStreamBlock> single_blocks;
    private readonly LastLayer final_layer;
    private readonly EmbedND pe_embedder;

    public FluxTransformer(FluxParams parameters, Device? device = null, ScalarType? dtype = null)
        : base(nameof(FluxTransformer))
    {
        Params = parameters.Validated("flux model");
        long hidden = Params.HiddenSize;
        pe_embedder = new EmbedND(Params.Theta, Params.AxesDim);
        img_in = nn.Linear(Params.InChannels, hidden, hasBias: true, device: device, dtype: dtype);
        time_in = new MLPEmbedder(TimestepEmbedding.Features, hidden, device, dtype);
        vector_in = new MLPEmbedder(Params.VecInDim, hidden, device, dtype);
        guidance_in = Params.GuidanceEmbed ? new MLPEmbedder(TimestepEmbedding.Features, hidden, device, dtype) : null;
        txt_in = nn.Linear(Params.ContextInDim, hidden, hasBias: true, device: device, dtype: dtype);
        double_blocks = new ModuleList<DoubleStreamBlock>(Enumerable.Range(0, Params.Depth)
            .Select(_ => new DoubleStreamBlock(hidden, Params.NumHeads, Params.MlpHiddenDim, Params.QkvBias, device, dtype)).ToArray());
        single_blocks = new ModuleList<SingleStreamBlock>(Enumerable.Range(0, Params.DepthSingleBlocks)
            .Select(_ => new SingleStreamBlock(hidden, Params.NumHeads, Params.MlpHiddenDim, device, dtype)).ToArray());
        final_layer = new LastLayer(hidden, Params.OutChannels, device, dtype);
        RegisterComponents();
    }

    public FluxParams Params { get; }

    /// <summary>The dtype the model computes in (inputs are cast to it): img_in's bias, as its weight may be fp8 bytes (<see cref="Weights.Float8Linear"/>).</summary>
    public ScalarType DType => img_in.bias!.dtype;

    /// <summary>Where the model computes: img_in's (never offloaded; see <see cref="BlockOffload"/>).</summary>
    public Device Device => img_in.bias!.device;

    public EmbedND PeEmbedder => pe_embedder;

    /// <summary>Training memory: while grad is on, each block keeps only its inputs and is recomputed in backward (<see cref="BlockCheckpoint"/>).</summary>
    public bool GradientCheckpointing { get; set; }

    /// <summary>Predicted velocity [B, L, out_channels], in the model's dtype.</summary>
    public override Tensor forward(FluxInput input)
    {
        CheckInput(input);
        using var scope = NewDisposeScope();
        ScalarType dtype = DType;
        Tensor img = img_in.call(input.Img.to_type(dtype));
        Tensor vec = time_in.call(TimestepEmbedding.Embed(input.Timesteps, TimestepEmbedding.Features, dtype));
        if (guidance_in is not null)
        {
            Tensor guidance = input.Guidance
                ?? throw new ArgumentException("flux: this model embeds guidance (flux-dev style); pass a guidance value per batch entry.");
            vec = vec.Plus(guidance_in.call(TimestepEmbedding.Embed(guidance, TimestepEmbedding.Features, dtype)));
        }
        vec = vec.Plus(vector_in.call(input.Y.to_type(dtype)));
        Tensor txt = txt_in.call(input.Txt.to_type(dtype));

        Tensor pe = pe_embedder.call(torch.cat([input.TxtIds, input.ImgIds], 1));
        bool checkpoint = GradientCheckpointing && is_grad_enabled();
        foreach (DoubleStreamBlock block in double_blocks)
        {
            (img, txt) = checkpoint ? BlockCheckpoint.Double(block, img, txt, vec, pe) : block.call(img, txt, vec, pe);
        }
        long txtLength = txt.shape[1];
        Tensor x = torch.cat([txt, img], 1);
        foreach (SingleStreamBlock block in single_blocks)
        {
            x = checkpoint ? BlockCheckpoint.Single(block, x, vec, pe) : block.call(x, vec, pe);
        }
        return final_layer.call(x[.., (int)txtLength..], vec).MoveToOuterDisposeScope();
    }

    private void CheckInput(FluxInput input)
    {
        long b = input.Img.shape[0];
        int axes = Params.AxesDim.Count;
        void Require(bool ok, string what)
        {
            if (!ok)
            {
                throw new ArgumentException($"flux: {what}.");
            }
        }
        static string Shape(Tensor t) => "[" + string.Join(", ", t.shape) + "]";

        Require(input.Img.dim() == 3 && input.Img.shape[2] == Params.InChannels, $"img {Shape(input.Img)} must be [B, L, {Params.InChannels}]");
        Require(input.ImgIds.dim() == 3 && input.ImgIds.shape[0] == b && input.ImgIds.shape[1] == input.Img.shape[1] && input.ImgIds.shape[2] == axes,
            $"img_ids {Shape(input.ImgIds)} must be [{b}, {input.Img.shape[1]}, {axes}]");
        Require(input.Txt.dim() == 3 && input.Txt.shape[0] == b && input.Txt.shape[2] == Params.ContextInDim, $"txt {Shape(input.Txt)} must be [{b}, T, {Params.ContextInDim}]");
        Require(input.TxtIds.dim() == 3 && input.TxtIds.shape[0] == b && input.TxtIds.shape[1] == input.Txt.shape[1] && input.TxtIds.shape[2] == axes,
            $"txt_ids {Shape(input.TxtIds)} must be [{b}, {input.Txt.shape[1]}, {axes}]");
        Require(input.Y.dim() == 2 && input.Y.shape[0] == b && input.Y.shape[1] == Params.VecInDim, $"y {Shape(input.Y)} must be [{b}, {Params.VecInDim}]");
        Require(input.Timesteps.dim() == 1 && input.Timesteps.shape[0] == b, $"{input.Timesteps.shape.FirstOrDefault()} timesteps for a batch of {b}");
        Require(input.Guidance is null || (input.Guidance.dim() == 1 && input.Guidance.shape[0] == b), $"guidance must hold one value per batch entry ({b})");
    }
}
