namespace EpochCompare.Evaluation.Semantic;

/// <summary>
/// The run's own DINOv2 yardsticks: how close training images are to their nearest other training
/// image (median), how close the base images already are to the training set, and the cut-off the
/// memorised flag uses (the literature's copy threshold, raised to the training set's own
/// neighbour similarity when the data are more alike than that).
/// </summary>
public sealed record SemanticReferences(double? TrainToTrain, IReadOnlyDictionary<string, double?> BaseToTrain, double? MemorizedCosine);
