using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Devices;

/// <summary>
/// Where and in which precision the models run: <c>--device cpu|cuda|cuda:N</c>, <c>--dtype float32|bfloat16|float16</c>.
/// Weights load in their stored dtype and are converted once to <see cref="DType"/>; norms, softmax and losses
/// still compute in float32 inside the modules. Default precision: float32 on the CPU, bfloat16 on CUDA.
/// </summary>
public sealed record ComputeDevice(DeviceType Type, int Index, ScalarType DType)
{
    public static ComputeDevice Cpu { get; } = new(DeviceType.CPU, -1, ScalarType.Float32);

    public const string DeviceHelp = "cpu, cuda or cuda:N.";
    public const string DTypeHelp = "float32, bfloat16 or float16 (default: float32 on cpu, bfloat16 on cuda).";

    /// <summary>Parses the two option values; throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static ComputeDevice Parse(string? device, string? dtype)
    {
        string text = (device ?? "cpu").Trim().ToLowerInvariant();
        (DeviceType type, int index) = text switch
        {
            "cpu" => (DeviceType.CPU, -1),
            "cuda" => (DeviceType.CUDA, 0),
            _ when text.StartsWith("cuda:", StringComparison.Ordinal)
                && int.TryParse(text["cuda:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out int n) => (DeviceType.CUDA, n),
            _ => throw new FormatException($"--device must be cpu, cuda or cuda:N, got '{device}'."),
        };
        ScalarType scalar = dtype?.Trim().ToLowerInvariant() switch
        {
            null or "" => type == DeviceType.CPU ? ScalarType.Float32 : ScalarType.BFloat16,
            "float32" or "fp32" or "f32" => ScalarType.Float32,
            "bfloat16" or "bf16" => ScalarType.BFloat16,
            "float16" or "fp16" or "f16" or "half" => ScalarType.Float16,
            _ => throw new FormatException($"--dtype must be float32, bfloat16 or float16, got '{dtype}'."),
        };
        return new ComputeDevice(type, index, scalar);
    }

    public bool IsCuda => Type == DeviceType.CUDA;

    public string Name => IsCuda ? $"cuda:{Index}" : "cpu";

    public string DTypeName => DType switch
    {
        ScalarType.Float32 => "float32",
        ScalarType.BFloat16 => "bfloat16",
        ScalarType.Float16 => "float16",
        _ => DType.ToString(),
    };

    /// <summary>The LibTorch device, after checking it exists: a CUDA request without CUDA fails with one line.</summary>
    public Device Resolve()
    {
        if (!IsCuda)
        {
            return CPU;
        }
        if (!cuda.is_available())
        {
            throw new InvalidOperationException(
                $"--device {Name}: CUDA is not available (no NVIDIA GPU/driver, or a CPU build of LibTorch; GPU builds use -p:TorchBackend=cuda-windows or cuda-linux).");
        }
        int count = cuda.device_count();
        if (Index >= count)
        {
            throw new InvalidOperationException($"--device {Name}: only {count} CUDA device(s) present.");
        }
        return new Device(DeviceType.CUDA, Index);
    }
}
