namespace EpochCompare.Training.Planning;

/// <summary>How the learning rate given for batch size 1 is adapted to the batch size.</summary>
public enum LearningRateScaling
{
    /// <summary>Use the learning rate as given.</summary>
    None,

    /// <summary>Our users' rule of thumb: lr = sqrt(batch size) x lr at batch size 1.</summary>
    Sqrt,
}
