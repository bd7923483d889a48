using EpochCompare.Tensors;

namespace EpochCompare.Flux.Model;

/// <summary>
/// FLUX's N-axis rotary embedding (EmbedND): for ids [B, L, axes] returns pe [B, 1, L, headDim/2, 2, 2],
/// the per-pair rotation matrices [[cos, -sin], [sin, cos]], axis by axis along the frequency dim.
/// Angles are computed in float64 and stored as float32.
/// </summary>
public sealed class EmbedNd
{
    public EmbedNd(double theta, IReadOnlyList<int> axesDim)
    {
        Theta = theta;
        AxesDim = axesDim;
    }

    public double Theta { get; }

    public IReadOnlyList<int> AxesDim { get; }

    public Tensor Forward(Tensor ids)
    {
        if (ids.Rank != 3 || ids.Size(2) != AxesDim.Count)
        {
            throw new ArgumentException($"embed_nd: ids {ids.ShapeText} must be [B, L, {AxesDim.Count}].");
        }
        int b = ids.Size(0), l = ids.Size(1), axes = AxesDim.Count;
        int pairs = AxesDim.Sum() / 2;
        var omegas = new double[pairs];
        var axisOfPair = new int[pairs];
        int m = 0;
        for (int axis = 0; axis < axes; axis++)
        {
            int dim = AxesDim[axis];
            for (int k = 0; k < dim / 2; k++, m++)
            {
                omegas[m] = 1.0 / Math.Pow(Theta, 2.0 * k / dim);
                axisOfPair[m] = axis;
            }
        }

        var pe = Tensor.Empty(b, 1, l, pairs, 2, 2);
        ReadOnlySpan<float> positions = ids.Span;
        Span<float> output = pe.Span;
        for (int token = 0; token < b * l; token++)
        {
            Span<float> row = output.Slice(token * pairs * 4, pairs * 4);
            for (int p = 0; p < pairs; p++)
            {
                double angle = positions[token * axes + axisOfPair[p]] * omegas[p];
                (double sin, double cos) = Math.SinCos(angle);
                row[4 * p] = (float)cos;
                row[4 * p + 1] = (float)-sin;
                row[4 * p + 2] = (float)sin;
                row[4 * p + 3] = (float)cos;
            }
        }
        return pe;
    }
}
