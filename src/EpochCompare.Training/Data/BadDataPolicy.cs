namespace EpochCompare.Training.Data;

/// <summary>What to do with an image or folder the dataset cannot use (<c>--on-bad-image</c>).</summary>
public enum BadDataPolicy
{
    /// <summary>Stop with one message naming the file (default: a silently smaller dataset changes every epoch's meaning).</summary>
    Stop,

    /// <summary>Leave it out, with a warning naming the file.</summary>
    Skip,
}
