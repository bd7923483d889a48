using EpochCompare.Flux.Config;

namespace EpochCompare.Flux.Checkpoints;

/// <summary>
/// The transformer config a BFL-named state dict describes, from its shapes alone (real-formats.md §1.1):
/// hidden = <c>img_in.weight[0]</c>, in channels = <c>img_in.weight[1]</c>, head dim = the query norm's
/// length, depths = highest block index + 1, guidance embedding = <c>guidance_in</c> present.
/// </summary>
public static class FluxConfigInference
{
    public static FluxParams? Infer(IReadOnlyDictionary<string, IReadOnlyList<long>> shapes)
    {
        if (!shapes.TryGetValue("img_in.weight", out var imgIn) || imgIn.Count != 2 ||
            !shapes.TryGetValue("double_blocks.0.img_attn.norm.query_norm.scale", out var queryNorm) ||
            !shapes.TryGetValue("txt_in.weight", out var txtIn) || !shapes.TryGetValue("vector_in.in_layer.weight", out var vectorIn) ||
            !shapes.TryGetValue("final_layer.linear.weight", out var final) ||
            !shapes.TryGetValue("double_blocks.0.img_mlp.0.weight", out var mlp))
        {
            return null;
        }
        int hidden = (int)imgIn[0], headDim = (int)queryNorm[0];
        int rope = headDim * 7 / 16 / 2 * 2; // BFL's [16, 56, 56] for 128; any split keeps the same keys
        return new FluxParams
        {
            InChannels = (int)imgIn[1],
            OutChannels = (int)final[0],
            VecInDim = (int)vectorIn[1],
            ContextInDim = (int)txtIn[1],
            HiddenSize = hidden,
            MlpRatio = (double)mlp[0] / hidden,
            NumHeads = hidden / headDim,
            Depth = BlockCount(shapes.Keys, "double_blocks."),
            DepthSingleBlocks = BlockCount(shapes.Keys, "single_blocks."),
            AxesDim = [headDim - 2 * rope, rope, rope],
            Theta = 10_000,
            QkvBias = shapes.ContainsKey("double_blocks.0.img_attn.qkv.bias"),
            GuidanceEmbed = shapes.ContainsKey("guidance_in.in_layer.weight"),
        };
    }

    /// <summary>flux-dev, flux-schnell, flux-fill / flux-depth-or-canny (by input channels), flux-tiny, else the shapes.</summary>
    public static string Name(FluxParams p)
    {
        bool full = p.HiddenSize == 3072 && p.Depth == 19 && p.DepthSingleBlocks == 38;
        if (full)
        {
            return p.InChannels switch
            {
                64 => p.GuidanceEmbed ? FluxPresets.DevName : FluxPresets.SchnellName,
                384 => "flux-fill",
                128 => "flux-depth/canny",
                _ => $"flux ({p.InChannels} input channels)",
            };
        }
        FluxParams tiny = FluxPresets.Tiny;
        if (p.HiddenSize == tiny.HiddenSize && p.Depth == tiny.Depth && p.DepthSingleBlocks == tiny.DepthSingleBlocks && p.InChannels == tiny.InChannels)
        {
            return FluxPresets.TinyName;
        }
        return $"flux (hidden {p.HiddenSize}, {p.Depth}+{p.DepthSingleBlocks} blocks)";
    }

    private static int BlockCount(IEnumerable<string> keys, string prefix) =>
        keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Select(k => int.TryParse(k.AsSpan(prefix.Length, k.IndexOf('.', prefix.Length) - prefix.Length), out int i) ? i + 1 : 0)
            .DefaultIfEmpty(0).Max();
}
