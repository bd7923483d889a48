using System.Numerics.Tensors;
using EpochCompare.Tensors.Autograd;

namespace EpochCompare.Tensors;

public static partial class Ops
{
    /// <summary>
    /// Mean cross-entropy of class logits [N, C] against integer labels (N of them, each in 0..C-1):
    /// mean over rows of logsumexp(row) - row[label]. Fused with the softmax so the gradient is the
    /// stable (softmax - onehot) / N. Throws naming the op for a bad label or a non-finite loss.
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, ReadOnlySpan<int> labels)
    {
        const string op = "cross_entropy";
        if (logits.Rank != 2 || logits.Size(0) != labels.Length || logits.Size(1) == 0)
        {
            throw new ArgumentException($"{op}: needs logits [N, C] with N = {labels.Length} labels, got {logits.ShapeText}.");
        }
        int rows = logits.Size(0), classes = logits.Size(1);
        int[] target = labels.ToArray();
        var probabilities = new float[rows * classes];
        ReadOnlySpan<float> x = logits.Span;
        double total = 0;
        for (int r = 0; r < rows; r++)
        {
            int label = target[r];
            if ((uint)label >= (uint)classes)
            {
                throw new ArgumentOutOfRangeException(nameof(labels), $"{op}: label {label} at row {r} is outside 0..{classes - 1}.");
            }
            ReadOnlySpan<float> row = x.Slice(r * classes, classes);
            float max = TensorPrimitives.Max(row);
            Span<float> p = probabilities.AsSpan(r * classes, classes);
            TensorPrimitives.Subtract(row, max, p);
            TensorPrimitives.Exp(p, p);
            double sum = TensorPrimitives.Sum(p);
            TensorPrimitives.Multiply(p, (float)(1 / sum), p);
            total += max + Math.Log(sum) - row[label];
        }
        float value = (float)(total / rows);
        if (!float.IsFinite(value))
        {
            throw new ArithmeticException($"{op}: loss is {value} for logits {logits.ShapeText}.");
        }
        var y = Tensor.Scalar(value);
        if (Tape.ShouldRecord(logits))
        {
            Tape.Record(y, op, (g, sink) =>
            {
                if (!sink.TryGet(logits, out var dx, out bool acc))
                {
                    return;
                }
                float c = g[0] / rows;
                for (int r = 0; r < rows; r++)
                {
                    for (int j = 0; j < classes; j++)
                    {
                        int i = r * classes + j;
                        float v = c * (probabilities[i] - (j == target[r] ? 1f : 0f));
                        dx[i] = acc ? dx[i] + v : v;
                    }
                }
            }, logits);
        }
        return y;
    }
}
