using static TorchSharp.torch;

namespace EpochCompare.Semantic.Dinov2;

/// <summary>
/// Resizes the trained position grid to the input's patch grid with torch bicubic (A = -0.75,
/// align_corners false, no antialias). The original facebookresearch code passes
/// <c>scale_factor = (h + 0.1) / M</c>, so torch samples with ratio M / (h + 0.1); current
/// transformers passes the size and samples with M / h. We follow the original (offset 0.1).
/// </summary>
public static class PositionInterpolation
{
    /// <summary>The original's <c>interpolate_offset</c>; 0 gives current transformers' result.</summary>
    public const double OriginalOffset = 0.1;

    /// <summary>(1, 1 + rows·cols, D) position embeddings for a rows × cols patch grid.</summary>
    public static Tensor ForGrid(Tensor positions, int rows, int cols, double offset = OriginalOffset)
    {
        long count = positions.shape[1] - 1;
        long dim = positions.shape[2];
        int trained = (int)Math.Round(Math.Sqrt(count));
        if (trained * trained != count)
        {
            throw new ArgumentException($"position embeddings hold {count} patch positions, not a square grid");
        }
        if (rows == trained && cols == trained)
        {
            return positions;
        }
        Tensor cls = positions[.., ..1];
        Tensor grid = positions[.., 1..].reshape(1, trained, trained, dim).permute(0, 3, 1, 2);
        Tensor resized = offset == 0
            ? nn.functional.interpolate(grid, size: [rows, cols], mode: InterpolationMode.Bicubic, align_corners: false)
            : nn.functional.interpolate(grid, scale_factor: [(rows + offset) / trained, (cols + offset) / trained], mode: InterpolationMode.Bicubic, align_corners: false);
        if (resized.shape[2] != rows || resized.shape[3] != cols)
        {
            throw new InvalidOperationException($"position interpolation gave {resized.shape[2]}x{resized.shape[3]}, expected {rows}x{cols}");
        }
        return cat([cls, resized.permute(0, 2, 3, 1).reshape(1, rows * cols, dim)], 1);
    }
}
