using System.Text.Json;
using EpochCompare.Flux.Sampling;

namespace EpochCompare.Flux.Tests.Sampling;

public class FluxScheduleTests
{
    public static TheoryData<string> Cases()
    {
        var cases = new TheoryData<string>();
        foreach (JsonProperty property in ReadCases().EnumerateObject())
        {
            cases.Add(property.Name);
        }
        return cases;
    }

    private static JsonElement ReadCases()
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(FixturePaths.File("schedules.json")));
        return document.RootElement.GetProperty("cases").Clone();
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesReferenceGetSchedule(string key)
    {
        // Keys are "steps-seq_len-shift".
        string[] parts = key.Split('-');
        double[] expected = ReadCases().GetProperty(key).EnumerateArray().Select(e => e.GetDouble()).ToArray();

        double[] actual = FluxSchedule.Get(int.Parse(parts[0]), int.Parse(parts[1]), bool.Parse(parts[2]));

        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(expected[i] == actual[i], $"{key}[{i}]: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    [Fact]
    public void UnshiftedScheduleIsEvenlySpacedFromOneToZero()
    {
        Assert.Equal([1.0, 0.75, 0.5, 0.25, 0.0], FluxSchedule.Get(4, 4096, shift: false));
    }

    [Fact]
    public void ShiftAgreesWithTheClosedFormInDouble()
    {
        // time_shift(mu, 1, t) = s t / (1 + (s - 1) t), s = e^mu; the float reference stays within float rounding.
        double s = Math.Exp(FluxSchedule.Mu(1024));
        double[] schedule = FluxSchedule.Get(20, 1024, shift: true);
        for (int i = 0; i < schedule.Length; i++)
        {
            double t = 1.0 - i / 20.0;
            Assert.Equal(s * t / (1 + (s - 1) * t), schedule[i], 1e-6);
        }
        Assert.Equal(0.63, FluxSchedule.Mu(1024), 1e-12);
        Assert.Equal(1.15, FluxSchedule.Mu(4096), 1e-12);
    }

    [Fact]
    public void RejectsZeroSteps()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => FluxSchedule.Get(0, 256, true));
        Assert.Contains("steps", ex.Message);
    }
}
