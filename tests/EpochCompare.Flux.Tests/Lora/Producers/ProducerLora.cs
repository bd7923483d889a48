using System.Buffers.Binary;

namespace EpochCompare.Flux.Tests.Lora.Producers;

/// <summary>
/// A LoRA file as one producer writes it (key names, dtypes, metadata), built tensor by tensor with values exactly
/// representable in their dtype, together with the delta each pair must make, worked out independently here:
/// for each pair, scale * B @ A added to rows [start, start + rows) of the BFL weight (halves swapped where asked).
/// </summary>
internal sealed class ProducerLora
{
    private readonly Random _random;
    private readonly List<RawTensor> _tensors = [];
    /// <summary>Each expected block: scale * (its product), [rows, in], before the strength.</summary>
    private readonly List<(string BflKey, int RowStart, int Rows, bool Swap, int In, double[] Delta)> _blocks = [];

    public ProducerLora(int seed) => _random = new Random(seed);

    public Dictionary<string, string> Metadata { get; } = new(StringComparer.Ordinal);

    public List<string> TextEncoderKeys { get; } = [];

    /// <summary>down [rank, in] and up [rows, rank] under the given names, expected on rows of <paramref name="bflKey"/> at <paramref name="scale"/>.</summary>
    public void Pair(string downKey, string upKey, string dtype, int rank, int inFeatures, int rows,
        string bflKey, int rowStart, double scale, bool swap = false)
    {
        double[] a = Values(dtype, rank * inFeatures);
        double[] b = Values(dtype, rows * rank);
        _tensors.Add(new RawTensor(downKey, dtype, [rank, inFeatures], Encode(dtype, a)));
        _tensors.Add(new RawTensor(upKey, dtype, [rows, rank], Encode(dtype, b)));
        _blocks.Add((bflKey, rowStart, rows, swap, inFeatures, Product(a, b, rows, rank, inFeatures, scale)));
    }

    /// <summary>
    /// LyCORIS LoHa: hada_w1_a [rows, r1], hada_w1_b [r1, in], hada_w2_a [rows, r2], hada_w2_b [r2, in]; expected
    /// scale * (w1_a @ w1_b) * (w2_a @ w2_b) element-wise (ComfyUI loha.py).
    /// </summary>
    public void Loha(string module, string dtype, int r1, int r2, int inFeatures, int rows, string bflKey, int rowStart, double scale)
    {
        double[] w1a = Values(dtype, rows * r1), w1b = Values(dtype, r1 * inFeatures), w2a = Values(dtype, rows * r2), w2b = Values(dtype, r2 * inFeatures);
        _tensors.Add(new RawTensor(module + ".hada_w1_a", dtype, [rows, r1], Encode(dtype, w1a)));
        _tensors.Add(new RawTensor(module + ".hada_w1_b", dtype, [r1, inFeatures], Encode(dtype, w1b)));
        _tensors.Add(new RawTensor(module + ".hada_w2_a", dtype, [rows, r2], Encode(dtype, w2a)));
        _tensors.Add(new RawTensor(module + ".hada_w2_b", dtype, [r2, inFeatures], Encode(dtype, w2b)));
        double[] m1 = Product(w1b, w1a, rows, r1, inFeatures, 1), m2 = Product(w2b, w2a, rows, r2, inFeatures, 1);
        _blocks.Add((bflKey, rowStart, rows, false, inFeatures, [.. m1.Zip(m2, (x, y) => scale * x * y)]));
    }

    /// <summary>scale * B @ A for A [rank, in], B [rows, rank], by plain loops.</summary>
    private static double[] Product(double[] a, double[] b, int rows, int rank, int inFeatures, double scale)
    {
        var result = new double[rows * inFeatures];
        for (int row = 0; row < rows; row++)
        {
            for (int col = 0; col < inFeatures; col++)
            {
                double sum = 0;
                for (int k = 0; k < rank; k++)
                {
                    sum += b[row * rank + k] * a[k * inFeatures + col];
                }
                result[row * inFeatures + col] = scale * sum;
            }
        }
        return result;
    }

    /// <summary>
    /// kohya split_qkv: n parts (row counts <paramref name="rows"/>) saved fused, down = cat(A_i), up block-diagonal;
    /// each part is expected at <paramref name="scale"/> on its own rows.
    /// </summary>
    public void FusedBlockDiagonal(string downKey, string upKey, string dtype, int rank, int inFeatures, int[] rows, string bflKey, double scale)
    {
        int n = rows.Length, totalRows = rows.Sum();
        var down = new double[n * rank * inFeatures];
        var up = new double[totalRows * n * rank];
        int rowStart = 0;
        for (int part = 0; part < n; part++)
        {
            double[] a = Values(dtype, rank * inFeatures);
            double[] b = Values(dtype, rows[part] * rank);
            a.CopyTo(down, part * rank * inFeatures);
            for (int row = 0; row < rows[part]; row++)
            {
                for (int k = 0; k < rank; k++)
                {
                    up[(rowStart + row) * n * rank + part * rank + k] = b[row * rank + k];
                }
            }
            _blocks.Add((bflKey, rowStart, rows[part], false, inFeatures, Product(a, b, rows[part], rank, inFeatures, scale)));
            rowStart += rows[part];
        }
        _tensors.Add(new RawTensor(downKey, dtype, [n * rank, inFeatures], Encode(dtype, down)));
        _tensors.Add(new RawTensor(upKey, dtype, [totalRows, n * rank], Encode(dtype, up)));
    }

    public void Scalar(string key, string dtype, double value) => _tensors.Add(new RawTensor(key, dtype, [], Encode(dtype, [value])));

    /// <summary>A text-encoder tensor: in the file, expected to be skipped and listed.</summary>
    public void TextEncoder(string key, long[] shape)
    {
        _tensors.Add(new RawTensor(key, "F32", shape, Encode("F32", Values("F32", (int)shape.Aggregate(1L, (x, y) => x * y)))));
        TextEncoderKeys.Add(key);
    }

    public void Raw(RawTensor tensor) => _tensors.Add(tensor);

    public void Write(string path) => RawSafeTensors.Write(path, _tensors, Metadata);

    /// <summary>The expected delta (float64) per BFL weight key, and which of its rows a pair touches.</summary>
    public Dictionary<string, (double[] Delta, bool[] TouchedRows)> ExpectedDeltas(IReadOnlyDictionary<string, long[]> shapes, double strength)
    {
        var result = new Dictionary<string, (double[], bool[])>(StringComparer.Ordinal);
        foreach (var (key, rowStart, rows, swap, inFeatures, delta) in _blocks)
        {
            long[] shape = shapes[key];
            Assert.Equal(inFeatures, shape[1]);
            if (!result.TryGetValue(key, out var entry))
            {
                result[key] = entry = (new double[shape[0] * shape[1]], new bool[shape[0]]);
            }
            for (int row = 0; row < rows; row++)
            {
                int target = rowStart + (swap ? (row + rows / 2) % rows : row);
                entry.Item2[target] = true;
                for (int col = 0; col < inFeatures; col++)
                {
                    entry.Item1[target * inFeatures + col] += strength * delta[row * inFeatures + col];
                }
            }
        }
        return result;
    }

    /// <summary>Random values in [-0.5, 0.5) rounded to what <paramref name="dtype"/> holds exactly.</summary>
    private double[] Values(string dtype, int count)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            float x = (float)(_random.NextDouble() - 0.5);
            values[i] = dtype switch
            {
                "BF16" => BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(x) & unchecked((int)0xFFFF0000)),
                "F16" => (float)(Half)x,
                _ => x,
            };
        }
        return values;
    }

    public static byte[] Encode(string dtype, double[] values)
    {
        int size = dtype switch { "BF16" or "F16" => 2, "F32" => 4, _ => 8 };
        var bytes = new byte[values.Length * size];
        for (int i = 0; i < values.Length; i++)
        {
            Span<byte> at = bytes.AsSpan(i * size, size);
            switch (dtype)
            {
                case "BF16": BinaryPrimitives.WriteUInt16LittleEndian(at, (ushort)(BitConverter.SingleToUInt32Bits((float)values[i]) >> 16)); break;
                case "F16": BinaryPrimitives.WriteHalfLittleEndian(at, (Half)values[i]); break;
                case "F32": BinaryPrimitives.WriteSingleLittleEndian(at, (float)values[i]); break;
                case "F64": BinaryPrimitives.WriteDoubleLittleEndian(at, values[i]); break;
                case "I64": BinaryPrimitives.WriteInt64LittleEndian(at, (long)values[i]); break;
                default: throw new ArgumentException(dtype);
            }
        }
        return bytes;
    }
}
