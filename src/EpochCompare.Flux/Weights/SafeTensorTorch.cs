using EpochCompare.Flux.SafeTensors;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Weights;

/// <summary>safetensors entries as LibTorch tensors: read in their stored dtype into CPU storage, no float32 detour.</summary>
public static class SafeTensorTorch
{
    /// <summary>LibTorch's dtype for a stored dtype; null where LibTorch 2.10 via TorchSharp has none (FP8, unsigned wide ints).</summary>
    public static ScalarType? ToScalarType(SafeTensorDType dtype) => dtype switch
    {
        SafeTensorDType.F32 => ScalarType.Float32,
        SafeTensorDType.F16 => ScalarType.Float16,
        SafeTensorDType.BF16 => ScalarType.BFloat16,
        SafeTensorDType.F64 => ScalarType.Float64,
        SafeTensorDType.I64 => ScalarType.Int64,
        SafeTensorDType.I32 => ScalarType.Int32,
        SafeTensorDType.I16 => ScalarType.Int16,
        SafeTensorDType.I8 => ScalarType.Int8,
        SafeTensorDType.U8 => ScalarType.Byte,
        SafeTensorDType.Bool => ScalarType.Bool,
        _ => null,
    };

    /// <summary>The stored dtype for a LibTorch float dtype (what a checkpoint writer records).</summary>
    public static SafeTensorDType ToSafeTensorDType(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => SafeTensorDType.F32,
        ScalarType.Float16 => SafeTensorDType.F16,
        ScalarType.BFloat16 => SafeTensorDType.BF16,
        ScalarType.Float64 => SafeTensorDType.F64,
        _ => throw new ArgumentException($"dtype {dtype} is not a stored float type."),
    };

    /// <summary>The entry as a CPU tensor of its stored dtype (FP8 is widened to float32, the dtype LibTorch computes it in here).</summary>
    public static Tensor Read(SafeTensorsFile file, SafeTensorEntry entry)
    {
        long[] shape = [.. entry.Shape];
        if (ToScalarType(entry.DType) is not { } dtype)
        {
            return tensor(file.ReadSingles(entry.Name), shape);
        }
        Tensor result = empty(shape, dtype: dtype);
        if (entry.ByteCount > 0)
        {
            file.ReadRaw(entry, result.bytes);
        }
        return result;
    }

    /// <summary>The entry by name, converted to <paramref name="dtype"/> and moved to <paramref name="device"/> when given.</summary>
    public static Tensor Read(SafeTensorsFile file, string name, Device? device = null, ScalarType? dtype = null)
    {
        Tensor stored = Read(file, file.GetEntry(name));
        return stored.to(dtype ?? stored.dtype, device ?? stored.device, disposeAfter: true);
    }

    /// <summary>The tensor's values as float32 on the CPU (exact for float32, bfloat16 and float16 weights).</summary>
    public static float[] ToSingles(Tensor t)
    {
        using Tensor cpu = t.detach().to_type(ScalarType.Float32).cpu().contiguous();
        return cpu.data<float>().ToArray();
    }

    /// <summary>A tensor ready for <see cref="SafeTensorsWriter"/>, stored as <paramref name="dtype"/>.</summary>
    public static SafeTensorToWrite ToWrite(string name, Tensor t, SafeTensorDType dtype = SafeTensorDType.F32) =>
        new(name, dtype, t.shape, ToSingles(t));
}
