namespace EpochCompare.Evaluation.Signals;

/// <summary>
/// The measured grid: prompt x checkpoint x seed. Each prompt's reference column is epoch 0 (the base
/// model) when present, else its earliest checkpoint (stated in the verdict reasons).
/// </summary>
public sealed class SampleSet
{
    private readonly Dictionary<(string Prompt, int Epoch, int Seed), MeasuredCell> _cells;
    private readonly Dictionary<string, int[]> _epochs;
    private readonly Dictionary<string, int[]> _seeds;

    public IReadOnlyList<string> Prompts { get; }

    private SampleSet(Dictionary<(string, int, int), MeasuredCell> cells, IReadOnlyList<string> prompts)
    {
        _cells = cells;
        Prompts = prompts;
        _epochs = prompts.ToDictionary(p => p, p => cells.Keys.Where(k => k.Item1 == p).Select(k => k.Item2).Distinct().Order().ToArray(), StringComparer.Ordinal);
        _seeds = prompts.ToDictionary(p => p, p => cells.Keys.Where(k => k.Item1 == p).Select(k => k.Item3).Distinct().Order().ToArray(), StringComparer.Ordinal);
    }

    public static SampleSet Measure(IReadOnlyList<SampleCell> cells, Action<int>? onImageDone = null)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Count == 0)
        {
            throw new ArgumentException("No sample images to evaluate.");
        }
        var seen = new Dictionary<(string, int, int), SampleCell>();
        foreach (SampleCell cell in cells)
        {
            if (cell.Epoch < 0)
            {
                throw new ArgumentException($"{cell.Source}: checkpoint number {cell.Epoch} is negative.");
            }
            if (!seen.TryAdd((cell.PromptId, cell.Epoch, cell.Seed), cell))
            {
                var first = seen[(cell.PromptId, cell.Epoch, cell.Seed)];
                throw new ArgumentException($"{cell.Source}: same prompt '{cell.PromptId}', epoch {cell.Epoch} and seed {cell.Seed} as {first.Source}.");
            }
        }
        var features = FeatureExtraction.Compute([.. cells.Select(c => c.Image)], onImageDone);
        var measured = new Dictionary<(string, int, int), MeasuredCell>();
        for (int i = 0; i < cells.Count; i++)
        {
            measured[(cells[i].PromptId, cells[i].Epoch, cells[i].Seed)] = new MeasuredCell(cells[i], features[i]);
        }
        var prompts = cells.Select(c => c.PromptId).Distinct().Order(StringComparer.Ordinal).ToArray();
        return new SampleSet(measured, prompts);
    }

    public IReadOnlyList<int> EpochsOf(string prompt) => _epochs[prompt];

    public IReadOnlyList<int> SeedsOf(string prompt) => _seeds[prompt];

    public int ReferenceEpochOf(string prompt) => _epochs[prompt][0];

    public bool HasBaseColumn(string prompt) => _epochs[prompt][0] == 0;

    /// <summary>Checkpoints after the reference column, ascending.</summary>
    public IReadOnlyList<int> CheckpointsOf(string prompt) => _epochs[prompt][1..];

    public MeasuredCell? Get(string prompt, int epoch, int seed) =>
        _cells.TryGetValue((prompt, epoch, seed), out var cell) ? cell : null;

    /// <summary>The cells of one column, in seed order (missing seeds skipped).</summary>
    public IReadOnlyList<MeasuredCell> Column(string prompt, int epoch) =>
        [.. SeedsOf(prompt).Select(s => Get(prompt, epoch, s)).OfType<MeasuredCell>()];
}
