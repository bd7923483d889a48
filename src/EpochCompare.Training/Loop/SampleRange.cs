namespace EpochCompare.Training.Loop;

/// <summary>
/// Where each optimizer step and micro-batch sits in the run's sample stream: step k covers samples
/// [k x perStep, (k + 1) x perStep), cut at the run's last sample; micro-batch m of it has up to batch samples.
/// </summary>
public readonly record struct SampleRange(long Start, int Count)
{
    public static IEnumerable<(long MicroIndex, SampleRange Range)> MicroBatches(long step, int batch, int accumulation, long totalSamples)
    {
        long perStep = (long)batch * accumulation;
        for (int m = 0; m < accumulation; m++)
        {
            long start = step * perStep + (long)m * batch;
            if (start >= totalSamples)
            {
                yield break;
            }
            yield return (step * accumulation + m, new SampleRange(start, (int)Math.Min(batch, totalSamples - start)));
        }
    }
}
