namespace EpochCompare.Training.Data;

/// <summary>One training image as found on disk: its file, caption and the repeats of its folder.</summary>
public sealed record DatasetImage(string ImagePath, string Caption, int Repeats, string Folder);
