using EpochCompare.Tensors.Memory;

namespace EpochCompare.Tensors;

/// <summary>
/// A trainable leaf tensor: requires grad from the start, lives in GC memory (never in a
/// <see cref="TensorScope"/>), and carries the checkpoint key it is saved under.
/// </summary>
public sealed class Parameter : Tensor
{
    private Parameter(string name, float[] data, int[] shape)
        : base(TensorStorage.Wrap(data), 0, shape)
    {
        Name = name;
        RequiresGrad = true;
    }

    /// <summary>Checkpoint key, e.g. "double_blocks.0.img_attn.qkv.weight".</summary>
    public string Name { get; }

    public static Parameter Zeros(string name, params int[] shape) =>
        new(name, new float[Shapes.Count(shape, "parameter")], (int[])shape.Clone());

    /// <summary>Copies <paramref name="data"/> into a new parameter.</summary>
    public static Parameter FromArray(string name, ReadOnlySpan<float> data, params int[] shape)
    {
        int count = Shapes.Count(shape, "parameter");
        if (data.Length != count)
        {
            throw new ArgumentException($"parameter '{name}': {data.Length} values do not fill shape {Shapes.Text(shape)}.");
        }
        return new Parameter(name, data.ToArray(), (int[])shape.Clone());
    }

    /// <summary>Uses <paramref name="data"/> as the parameter's buffer without copying (e.g. weights just read from a checkpoint).</summary>
    public static Parameter Wrap(string name, float[] data, params int[] shape)
    {
        int count = Shapes.Count(shape, "parameter");
        if (data.Length != count)
        {
            throw new ArgumentException($"parameter '{name}': {data.Length} values do not fill shape {Shapes.Text(shape)}.");
        }
        return new Parameter(name, data, (int[])shape.Clone());
    }
}
