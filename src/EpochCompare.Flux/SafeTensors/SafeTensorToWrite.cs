namespace EpochCompare.Flux.SafeTensors;

/// <summary>One tensor for <see cref="SafeTensorsWriter"/>: float32 values stored as <paramref name="DType"/>.</summary>
public sealed record SafeTensorToWrite(string Name, SafeTensorDType DType, IReadOnlyList<long> Shape, ReadOnlyMemory<float> Data)
{
    public static SafeTensorToWrite F32(string name, IReadOnlyList<long> shape, ReadOnlyMemory<float> data) =>
        new(name, SafeTensorDType.F32, shape, data);
}
