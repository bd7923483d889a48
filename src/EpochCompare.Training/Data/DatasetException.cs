namespace EpochCompare.Training.Data;

/// <summary>A dataset file or folder that cannot be trained on; the message names it and says why.</summary>
public sealed class DatasetException(string path, string problem)
    : IOException($"{path}: {problem}")
{
    public string PathName { get; } = path;
    public string Problem { get; } = problem;
}
