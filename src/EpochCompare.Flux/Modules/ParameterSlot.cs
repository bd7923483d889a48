using EpochCompare.Tensors;

namespace EpochCompare.Flux.Modules;

/// <summary>
/// A named, shaped place for a parameter whose storage is allocated only when weights arrive
/// (loaded or initialised): building the 12B config costs no weight memory.
/// </summary>
public sealed class ParameterSlot
{
    private Parameter? _value;

    public ParameterSlot(string key, int[] shape)
    {
        Key = key;
        Shape = shape;
        Count = shape.Aggregate(1L, (a, d) => a * d);
    }

    /// <summary>Checkpoint key exactly as on disk, e.g. <c>double_blocks.0.img_attn.qkv.weight</c>.</summary>
    public string Key { get; }

    public IReadOnlyList<int> Shape { get; }

    public long Count { get; }

    public bool IsAllocated => _value is not null;

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    public Parameter Value => _value ?? throw new InvalidOperationException($"parameter '{Key}' {ShapeText} has no weights yet (load a checkpoint or initialise the model).");

    /// <summary>Allocates zeroed storage (once) and returns it for filling.</summary>
    public Parameter Allocate()
    {
        if (Count > Array.MaxLength)
        {
            throw new InvalidOperationException($"parameter '{Key}' {ShapeText} is too large for one array.");
        }
        return _value ??= Parameter.Zeros(Key, Shape.ToArray());
    }

    /// <summary>Drops the storage (the slot goes back to unloaded).</summary>
    public void Release() => _value = null;
}
