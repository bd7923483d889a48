using System.Diagnostics;
using System.Text.Json;

namespace EpochCompare.Cli.Benchmarks;

/// <summary>
/// Runs measurements for the sections and collects what they report: JSON fields keyed by stable names,
/// and human-readable lines unless JSON output was asked for.
/// </summary>
internal sealed class BenchContext(BenchSettings settings, TextWriter output, bool json)
{
    /// <summary>Tiered JIT runs code up to 30x slower for the first ~0.5 s, so every item warms up for 1 s.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan RepetitionTime = TimeSpan.FromMilliseconds(200);

    private const int Repetitions = 5;

    private readonly List<KeyValuePair<string, double>> _fields = [];

    public BenchSettings Settings { get; } = settings;

    public IReadOnlyList<KeyValuePair<string, double>> Fields => _fields;

    /// <summary>
    /// Warms <paramref name="action"/> up (for at least <paramref name="warmUp"/>, default 1 s), then times several
    /// repetitions of it. Whole-model items pass a longer warm-up: their hundreds of methods keep the background JIT
    /// busy for seconds, and on 2 cores that thread competes with the workers.
    /// </summary>
    public BenchTiming Measure(Action action, TimeSpan? warmUp = null)
    {
        var clock = Stopwatch.StartNew();
        TimeSpan warm = warmUp ?? WarmUp;
        do
        {
            action();
        }
        while (!Settings.Quick && clock.Elapsed < warm);

        // One more call, timed, sizes the repetitions (the warm-up average would still include the slow first calls).
        clock.Restart();
        action();
        double perCall = clock.Elapsed.TotalSeconds;
        if (Settings.Quick)
        {
            return new BenchTiming(perCall, perCall, 1);
        }

        int calls = (int)Math.Clamp(RepetitionTime.TotalSeconds / Math.Max(perCall, 1e-9), 1, 1_000_000);
        var samples = new double[Repetitions];
        for (int r = 0; r < Repetitions; r++)
        {
            clock.Restart();
            for (int i = 0; i < calls; i++)
            {
                action();
            }
            samples[r] = clock.Elapsed.TotalSeconds / calls;
        }
        Array.Sort(samples);
        return new BenchTiming(samples[0], samples[Repetitions / 2], Repetitions);
    }

    /// <summary>
    /// For items that take seconds (a whole sampling column): one warm-up call, then <paramref name="runs"/> timed
    /// calls (with --quick: a single timed call).
    /// </summary>
    public BenchTiming MeasureLong(Action action, int runs = 3)
    {
        if (Settings.Quick)
        {
            runs = 1;
        }
        else
        {
            action();
        }
        var samples = new double[runs];
        for (int r = 0; r < runs; r++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            samples[r] = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        Array.Sort(samples);
        return new BenchTiming(samples[0], samples[runs / 2], runs);
    }

    /// <summary>Records a JSON field and, for human output, prints <paramref name="line"/>.</summary>
    public void Report(string key, double value, string line)
    {
        if (_fields.Exists(f => f.Key == key))
        {
            throw new InvalidOperationException($"bench: key '{key}' reported twice.");
        }
        _fields.Add(new(key, value));
        Say(line);
    }

    /// <summary>A human-readable line (suppressed with --json).</summary>
    public void Say(string line)
    {
        if (!json)
        {
            output.WriteLine(line);
        }
    }

    public void WriteJson(IEnumerable<string> sections, string simd)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("threads", Settings.Threads);
            writer.WriteBoolean("quick", Settings.Quick);
            writer.WriteString("simd", simd);
            writer.WriteString("device", Settings.Device.Name);
            writer.WriteString("dtype", Settings.Device.DTypeName);
            writer.WriteStartArray("sections");
            foreach (string name in sections)
            {
                writer.WriteStringValue(name);
            }
            writer.WriteEndArray();
            foreach (var (key, value) in _fields)
            {
                writer.WriteNumber(key, Math.Round(value, 3));
            }
            writer.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }
}
