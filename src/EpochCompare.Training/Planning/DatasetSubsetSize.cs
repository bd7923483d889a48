namespace EpochCompare.Training.Planning;

/// <summary>One kohya subfolder as the step math sees it: how many images, each shown <c>Repeats</c> times per epoch.</summary>
public readonly record struct DatasetSubsetSize(int Images, int Repeats)
{
    public long Samples => (long)Images * Repeats;
}
