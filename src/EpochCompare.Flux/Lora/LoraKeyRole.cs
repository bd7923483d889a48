namespace EpochCompare.Flux.Lora;

/// <summary>What one tensor of a plain LoRA module is.</summary>
public enum LoraKeyRole
{
    /// <summary>The input projection [rank, in] (kohya lora_down, PEFT lora_A).</summary>
    Down,
    /// <summary>The output projection [out, rank] (kohya lora_up, PEFT lora_B).</summary>
    Up,
    /// <summary>The scalar alpha (scale = alpha / rank).</summary>
    Alpha,
}
