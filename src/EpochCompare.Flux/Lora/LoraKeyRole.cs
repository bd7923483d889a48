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
    /// <summary>LyCORIS LoHa: delta = (w1_a @ w1_b) * (w2_a @ w2_b), element-wise; w1_a/w2_a [out, r], w1_b/w2_b [r, in].</summary>
    HadaW1A,
    HadaW1B,
    HadaW2A,
    HadaW2B,
}
