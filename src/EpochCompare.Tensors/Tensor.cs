using EpochCompare.Tensors.Autograd;
using EpochCompare.Tensors.Memory;

namespace EpochCompare.Tensors;

/// <summary>
/// A float32, row-major, contiguous n-dimensional array that can take part in reverse-mode autograd.
/// <para>Create with <see cref="Zeros"/>, <see cref="FromArray"/> (copies) or <see cref="Wrap"/> (no copy);
/// read and write through <see cref="Span"/>. Compute with the static <see cref="Ops"/> class (also the
/// operators + - *). A tensor takes part in autograd when it <see cref="RequiresGrad"/>: leaves (parameters,
/// or inputs you mark) collect <see cref="Grad"/> when <see cref="Backward"/> runs on a scalar result.
/// Inside a <see cref="NoGrad"/> scope no graph is recorded.</para>
/// <para>Memory: tensors made inside a <see cref="TensorScope"/> use pooled buffers returned when the scope
/// ends; otherwise the GC owns them. <see cref="Ops.Reshape"/> returns a view sharing the buffer.</para>
/// </summary>
public class Tensor
{
    private readonly int[] _shape;
    private bool _requiresGrad;
    private Tensor? _spareGrad;

    internal Tensor(TensorStorage storage, int offset, int[] shape)
    {
        Storage = storage;
        Offset = offset;
        _shape = shape;
        Count = Shapes.Count(shape, "tensor");
    }

    internal TensorStorage Storage { get; }

    internal int Offset { get; }

    /// <summary>The op that produced this tensor, while its graph is alive; null for leaves.</summary>
    internal GradNode? Node { get; set; }

    /// <summary>Gradient buffer of a non-leaf tensor during one backward pass.</summary>
    internal float[]? PendingGrad { get; set; }

    public ReadOnlySpan<int> Shape => _shape;

    public int Rank => _shape.Length;

    /// <summary>Number of elements.</summary>
    public int Count { get; }

    /// <summary>The elements, row-major.</summary>
    public Span<float> Span => Storage.Array.AsSpan(Offset, Count);

    /// <summary>Shape as text, e.g. "[2, 16, 128]", for messages.</summary>
    public string ShapeText => Shapes.Text(_shape);

    /// <summary>True for tensors not produced by a recorded op (parameters, inputs, constants).</summary>
    public bool IsLeaf => Node is null;

    /// <summary>Whether gradients flow to this tensor. Settable on leaves only.</summary>
    public bool RequiresGrad
    {
        get => _requiresGrad;
        set
        {
            if (Node is not null)
            {
                throw new InvalidOperationException($"RequiresGrad can only be set on a leaf tensor; this one {ShapeText} was produced by '{Node.Op}'.");
            }
            _requiresGrad = value;
        }
    }

    internal void MarkRequiresGrad() => _requiresGrad = true;

    /// <summary>After backward: this tensor is cut from the freed graph and becomes a plain value.</summary>
    internal void DetachFromGraph()
    {
        Node = null;
        _requiresGrad = false;
    }

    /// <summary>Accumulated gradient of a leaf (same shape), or null before the first backward / after <see cref="ZeroGrad"/>.</summary>
    public Tensor? Grad { get; internal set; }

    /// <summary>Size of one dimension; negative counts from the end (-1 = last).</summary>
    public int Size(int dim) => _shape[Shapes.NormalizeDim(dim, _shape.Length, "size")];

    public static Tensor Zeros(params int[] shape) => new(TensorStorage.Allocate(Shapes.Count(shape, "zeros"), zeroed: true), 0, (int[])shape.Clone());

    /// <summary>Uninitialised tensor: only for callers that overwrite every element.</summary>
    public static Tensor Empty(params int[] shape) => new(TensorStorage.Allocate(Shapes.Count(shape, "empty"), zeroed: false), 0, (int[])shape.Clone());

    public static Tensor Full(float value, params int[] shape)
    {
        var t = Empty(shape);
        t.Span.Fill(value);
        return t;
    }

    public static Tensor Ones(params int[] shape) => Full(1f, shape);

    public static Tensor Scalar(float value) => Full(value, []);

    /// <summary>Copies <paramref name="data"/> into a new tensor of the given shape.</summary>
    public static Tensor FromArray(ReadOnlySpan<float> data, params int[] shape)
    {
        int count = Shapes.Count(shape, "from_array");
        if (data.Length != count)
        {
            throw new ArgumentException($"from_array: {data.Length} values do not fill shape {Shapes.Text(shape)} ({count} elements).");
        }
        var t = Empty(shape);
        data.CopyTo(t.Span);
        return t;
    }

    /// <summary>Uses <paramref name="data"/> as the tensor's buffer without copying (never pooled).</summary>
    public static Tensor Wrap(float[] data, params int[] shape)
    {
        int count = Shapes.Count(shape, "wrap");
        if (data.Length != count)
        {
            throw new ArgumentException($"wrap: {data.Length} values do not fill shape {Shapes.Text(shape)} ({count} elements).");
        }
        return new Tensor(TensorStorage.Wrap(data), 0, (int[])shape.Clone());
    }

    public float[] ToArray() => Span.ToArray();

    /// <summary>The value of a one-element tensor.</summary>
    public float Item()
    {
        if (Count != 1)
        {
            throw new InvalidOperationException($"item: tensor {ShapeText} has {Count} elements, not 1.");
        }
        return Span[0];
    }

    /// <summary>A tensor sharing this buffer but cut from the graph (no gradient flows through it).</summary>
    public Tensor Detach() => new(Storage, Offset, _shape);

    /// <summary>Backpropagates from this scalar: accumulates d(this)/d(leaf) into every leaf's <see cref="Grad"/>, then frees the graph.</summary>
    public void Backward() => Backprop.Run(this);

    /// <summary>
    /// Drops the accumulated gradient (the next backward starts from zero). The buffer is kept and reused
    /// by the next backward, so a Grad tensor read before ZeroGrad must not be held across it.
    /// </summary>
    public void ZeroGrad()
    {
        _spareGrad = Grad ?? _spareGrad;
        Grad = null;
    }

    /// <summary>A gradient tensor for the next backward: the buffer kept by <see cref="ZeroGrad"/>, or a new one (GC memory, never scoped).</summary>
    internal Tensor NewGradTensor()
    {
        var spare = _spareGrad;
        _spareGrad = null;
        return spare ?? new Tensor(TensorStorage.Wrap(GC.AllocateUninitializedArray<float>(Count)), 0, _shape);
    }

    public static Tensor operator +(Tensor a, Tensor b) => Ops.Add(a, b);

    public static Tensor operator -(Tensor a, Tensor b) => Ops.Sub(a, b);

    public static Tensor operator *(Tensor a, Tensor b) => Ops.Mul(a, b);

    public static Tensor operator *(Tensor a, float s) => Ops.Scale(a, s);

    public static Tensor operator *(float s, Tensor a) => Ops.Scale(a, s);

    public override string ToString() => $"Tensor{ShapeText}{(RequiresGrad ? " requires_grad" : "")}{(Node is null ? "" : $" <- {Node.Op}")}";
}
