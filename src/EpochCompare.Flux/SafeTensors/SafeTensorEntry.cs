namespace EpochCompare.Flux.SafeTensors;

/// <summary>One tensor described by a validated header; the data stays on disk until read.</summary>
/// <param name="Begin">Start of the data, relative to the start of the data section.</param>
/// <param name="End">Exclusive end of the data, relative to the start of the data section.</param>
public sealed record SafeTensorEntry(string Name, SafeTensorDType DType, IReadOnlyList<long> Shape, long Begin, long End)
{
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (long dim in Shape)
            {
                count *= dim;
            }
            return count;
        }
    }

    public long ByteCount => End - Begin;

    public string ShapeText => "[" + string.Join(", ", Shape) + "]";
}
