namespace EpochCompare.Flux.SafeTensors;

/// <summary>A tensor's header entry for <see cref="SafeTensorsWriter.WriteStreaming"/>; its data comes later, from a callback.</summary>
public sealed record SafeTensorPlan(string Name, SafeTensorDType DType, IReadOnlyList<long> Shape)
{
    public long ByteCount => Shape.Aggregate(1L, (a, b) => checked(a * b)) * DType.ItemSize();
}
