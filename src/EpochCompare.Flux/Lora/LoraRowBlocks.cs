namespace EpochCompare.Flux.Lora;

/// <summary>
/// Folds the row blocks that land on one BFL Linear into one kohya-style module, so merging it adds each block's
/// delta only to its rows (CUI comfy/lora.py narrows the weight; KS convert_flux_lora.py convert_to_sd_scripts_cat
/// builds the same fused pair): down = cat(down_k) [sum r, in], up zero except block k's rows x columns, alpha
/// such that alpha / (sum r) is the blocks' common scale (or 1, with each block's scale folded into its up).
/// </summary>
public static class LoraRowBlocks
{
    public static LoraModuleWeights Fuse(string modulePath, int inFeatures, int outFeatures, IReadOnlyList<LoraRowBlock> blocks)
    {
        if (blocks is [{ Target: { RowStart: 0, SwapHalves: false } target } single] && target.RowCount == outFeatures)
        {
            return new LoraModuleWeights(modulePath, inFeatures, outFeatures, single.Rank, (float)(single.Scale * single.Rank), single.Down, single.Up);
        }
        int totalRank = blocks.Sum(b => b.Rank);
        double commonScale = blocks.All(b => b.Scale == blocks[0].Scale) ? blocks[0].Scale : 1.0;
        var down = new float[(long)totalRank * inFeatures];
        var up = new float[(long)outFeatures * totalRank];
        int offset = 0;
        foreach (LoraRowBlock block in blocks.OrderBy(b => b.Target.RowStart))
        {
            block.Down.CopyTo(down.AsSpan(offset * inFeatures, block.Rank * inFeatures));
            float factor = (float)(block.Scale / commonScale);
            int rows = block.Target.RowCount;
            for (int row = 0; row < rows; row++)
            {
                // diffusers' norm_out.linear is (scale, shift); BFL's final_layer.adaLN_modulation.1 is (shift, scale).
                int destination = block.Target.RowStart + (block.Target.SwapHalves ? (row + rows / 2) % rows : row);
                for (int k = 0; k < block.Rank; k++)
                {
                    up[(long)destination * totalRank + offset + k] += factor * block.Up[row * block.Rank + k];
                }
            }
            offset += block.Rank;
        }
        return new LoraModuleWeights(modulePath, inFeatures, outFeatures, totalRank, (float)(commonScale * totalRank), down, up);
    }
}
