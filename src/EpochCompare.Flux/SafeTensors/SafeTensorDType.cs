namespace EpochCompare.Flux.SafeTensors;

/// <summary>The element types a safetensors header may name (the format's own dtype strings).</summary>
public enum SafeTensorDType
{
    Bool,
    U8,
    I8,
    F8E5M2,
    F8E4M3,
    I16,
    U16,
    F16,
    BF16,
    I32,
    U32,
    F32,
    F64,
    I64,
    U64,
}

/// <summary>Names and sizes of <see cref="SafeTensorDType"/> exactly as they appear on disk.</summary>
public static class SafeTensorDTypes
{
    private static readonly Dictionary<string, SafeTensorDType> ByName = new(StringComparer.Ordinal)
    {
        ["BOOL"] = SafeTensorDType.Bool,
        ["U8"] = SafeTensorDType.U8,
        ["I8"] = SafeTensorDType.I8,
        ["F8_E5M2"] = SafeTensorDType.F8E5M2,
        ["F8_E4M3"] = SafeTensorDType.F8E4M3,
        ["I16"] = SafeTensorDType.I16,
        ["U16"] = SafeTensorDType.U16,
        ["F16"] = SafeTensorDType.F16,
        ["BF16"] = SafeTensorDType.BF16,
        ["I32"] = SafeTensorDType.I32,
        ["U32"] = SafeTensorDType.U32,
        ["F32"] = SafeTensorDType.F32,
        ["F64"] = SafeTensorDType.F64,
        ["I64"] = SafeTensorDType.I64,
        ["U64"] = SafeTensorDType.U64,
    };

    public static bool TryParse(string name, out SafeTensorDType dtype) => ByName.TryGetValue(name, out dtype);

    public static string Name(this SafeTensorDType dtype) => dtype switch
    {
        SafeTensorDType.Bool => "BOOL",
        SafeTensorDType.F8E5M2 => "F8_E5M2",
        SafeTensorDType.F8E4M3 => "F8_E4M3",
        _ => dtype.ToString(),
    };

    public static int ItemSize(this SafeTensorDType dtype) => dtype switch
    {
        SafeTensorDType.Bool or SafeTensorDType.U8 or SafeTensorDType.I8
            or SafeTensorDType.F8E5M2 or SafeTensorDType.F8E4M3 => 1,
        SafeTensorDType.I16 or SafeTensorDType.U16 or SafeTensorDType.F16 or SafeTensorDType.BF16 => 2,
        SafeTensorDType.I32 or SafeTensorDType.U32 or SafeTensorDType.F32 => 4,
        SafeTensorDType.F64 or SafeTensorDType.I64 or SafeTensorDType.U64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown safetensors dtype"),
    };

    /// <summary>True for the dtypes this reader converts to float (the ones FLUX checkpoints and fixtures use).</summary>
    public static bool IsReadableAsFloat(this SafeTensorDType dtype) => dtype is
        SafeTensorDType.F32 or SafeTensorDType.F16 or SafeTensorDType.BF16 or SafeTensorDType.F64
        or SafeTensorDType.I64 or SafeTensorDType.I32 or SafeTensorDType.F8E4M3;

    /// <summary>True for the dtypes the writer produces.</summary>
    public static bool IsWritable(this SafeTensorDType dtype) => dtype is
        SafeTensorDType.F32 or SafeTensorDType.F16 or SafeTensorDType.BF16;
}
