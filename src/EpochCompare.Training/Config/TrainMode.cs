namespace EpochCompare.Training.Config;

/// <summary>What the run trains.</summary>
public enum TrainMode
{
    /// <summary>Low-rank adapters on the chosen Linears; the base model stays frozen.</summary>
    Lora,

    /// <summary>Every weight of the model (how our tiny base model is pretrained).</summary>
    Full,
}
