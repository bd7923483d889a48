namespace EpochCompare.Cli.Benchmarks;

/// <summary>Seconds per call: the best repetition (least disturbed by other processes) and the median.</summary>
internal readonly record struct BenchTiming(double BestSeconds, double MedianSeconds, int Repetitions)
{
    public double BestMs => BestSeconds * 1e3;

    public double MedianMs => MedianSeconds * 1e3;

    public double BestGflops(double flops) => flops / BestSeconds / 1e9;

    public double MedianGflops(double flops) => flops / MedianSeconds / 1e9;
}
