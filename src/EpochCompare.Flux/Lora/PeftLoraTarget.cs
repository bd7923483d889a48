namespace EpochCompare.Flux.Lora;

/// <summary>
/// Where a diffusers/PEFT LoRA module lands in our (BFL) model: a row range of one Linear's output,
/// because diffusers keeps q, k, v (and the single blocks' MLP input) as separate Linears that BFL fuses.
/// </summary>
/// <param name="SwapHalves">diffusers stores final_layer's adaLN output as (scale, shift); BFL as (shift, scale).</param>
public sealed record PeftLoraTarget(string ModulePath, int RowStart, int RowCount, bool SwapHalves = false);
