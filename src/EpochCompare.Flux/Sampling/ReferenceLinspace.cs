namespace EpochCompare.Flux.Sampling;

/// <summary>
/// <c>torch.linspace(1, 0, n)</c> as the reference's PyTorch (1.13, the CPU kernel FLUX tools ran) rounds it:
/// contiguous float output is filled two 8-lane vectors per iteration, each vector counted from its own base
/// (start + step * i in the first half, end - step * (n - i - 1) in the second) plus lane * step; the tail one
/// value at a time. LibTorch 2.10 computes every element from its own index, which differs by an ulp at some
/// n, and then the whole schedule would.
/// </summary>
public static class ReferenceLinspace
{
    private const int Lanes = 8;

    public static float[] OneToZero(int count)
    {
        var values = new float[count];
        if (count == 1)
        {
            values[0] = 1f;
            return values;
        }
        const float start = 1f;
        const float end = 0f;
        float step = (end - start) / (count - 1);
        int halfway = count / 2;
        float FromNearestEnd(int index) =>
            index < halfway ? start + step * index : end - step * (count - index - 1);

        int i = 0;
        for (; i + 2 * Lanes <= count; i += 2 * Lanes)
        {
            for (int chunk = i; chunk < i + 2 * Lanes; chunk += Lanes)
            {
                float chunkBase = FromNearestEnd(chunk);
                for (int lane = 0; lane < Lanes; lane++)
                {
                    values[chunk + lane] = chunkBase + lane * step;
                }
            }
        }
        for (; i < count; i++)
        {
            values[i] = FromNearestEnd(i);
        }
        return values;
    }
}
