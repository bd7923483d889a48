namespace EpochCompare.Flux.Tests;

/// <summary>The fixtures' agreement measure: max |actual - expected| / max |expected|.</summary>
internal static class Agreement
{
    public static double RelativeError(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected)
    {
        Assert.Equal(expected.Length, actual.Length);
        double maxError = 0, maxValue = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            maxError = Math.Max(maxError, Math.Abs((double)actual[i] - expected[i]));
            maxValue = Math.Max(maxValue, Math.Abs((double)expected[i]));
        }
        return maxValue == 0 ? maxError : maxError / maxValue;
    }

    public static void Close(ReadOnlySpan<float> actual, ReadOnlySpan<float> expected, double tolerance, string what)
    {
        double error = RelativeError(actual, expected);
        Assert.True(error <= tolerance, $"{what}: relative error {error:E3} exceeds {tolerance:E1}");
    }
}
