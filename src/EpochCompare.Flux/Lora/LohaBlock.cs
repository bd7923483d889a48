namespace EpochCompare.Flux.Lora;

/// <summary>
/// LyCORIS LoHa as ComfyUI applies it (comfy/weight_adapter/loha.py): delta = (alpha / r1) * (w1_a @ w1_b) * (w2_a @ w2_b),
/// element-wise. That product is exactly a rank r1 r2 pair (a Hadamard product of two low-rank matrices): up row o
/// = w1_a[o, i] w2_a[o, j] and down column c = w1_b[i, c] w2_b[j, c], over pairs (i, j), so it merges and samples as
/// any LoRA does.
/// </summary>
public static class LohaBlock
{
    /// <param name="w1a">[rows, r1]</param>
    /// <param name="w1b">[r1, in]</param>
    /// <param name="w2a">[rows, r2]</param>
    /// <param name="w2b">[r2, in]</param>
    public static (float[] Down, float[] Up, int Rank) ToLowRank(float[] w1a, float[] w1b, float[] w2a, float[] w2b, int rows, int r1, int r2, int inFeatures)
    {
        int rank = r1 * r2;
        var up = new float[(long)rows * rank];
        var down = new float[(long)rank * inFeatures];
        for (int i = 0; i < r1; i++)
        {
            for (int j = 0; j < r2; j++)
            {
                int k = i * r2 + j;
                for (int o = 0; o < rows; o++)
                {
                    up[(long)o * rank + k] = w1a[o * r1 + i] * w2a[o * r2 + j];
                }
                for (int c = 0; c < inFeatures; c++)
                {
                    down[(long)k * inFeatures + c] = w1b[i * inFeatures + c] * w2b[j * inFeatures + c];
                }
            }
        }
        return (down, up, rank);
    }
}
