using System.Text.Json;
using EpochCompare.Demo.World;
using EpochCompare.Imaging.Formats;

namespace EpochCompare.Demo.Story;

/// <summary>One compared prompt in <c>summary.json</c>: its grid, the classifier's truth and the offline verdict.</summary>
public sealed record PromptSummary(
    string Prompt,
    ConceptRecognition Recognition,
    IReadOnlyList<string> GridFiles,
    string? Verdict,
    int? VerdictOverfitEpoch,
    int? RecommendedEpoch);

/// <summary>
/// <c>DIR/summary.json</c>: the checkpoint epochs, the files written, and per prompt the classifier's
/// per-epoch accuracy, <c>classifier_lost_epoch</c> and <c>verdict_overfit_epoch</c> (null when none).
/// Paths are relative to the demo folder so the folder can be moved.
/// </summary>
public sealed record DemoSummary(
    string BaseModel,
    string BaseModelSha256,
    IReadOnlyList<int> CheckpointEpochs,
    IReadOnlyList<string> Checkpoints,
    IReadOnlyList<ulong> Seeds,
    IReadOnlyList<PromptSummary> Prompts,
    string? Report,
    double TrainSeconds,
    double TotalSeconds)
{
    public const string FileName = "summary.json";

    public void Write(string path) => AtomicFile.Write(path, stream =>
    {
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("base_model", BaseModel);
        json.WriteString("base_model_sha256", BaseModelSha256);
        WriteArray(json, "checkpoint_epochs", CheckpointEpochs, (w, e) => w.WriteNumberValue(e));
        WriteArray(json, "checkpoints", Checkpoints, (w, c) => w.WriteStringValue(c));
        WriteArray(json, "seeds", Seeds, (w, s) => w.WriteNumberValue(s));
        json.WriteStartArray("prompts");
        foreach (PromptSummary prompt in Prompts)
        {
            json.WriteStartObject();
            json.WriteString("prompt", prompt.Prompt);
            json.WriteString("concept", prompt.Recognition.Prompted.Word());
            WriteArray(json, "grids", prompt.GridFiles, (w, g) => w.WriteStringValue(g));
            json.WriteStartArray("classifier_accuracy");
            foreach (ColumnRecognition column in prompt.Recognition.Columns)
            {
                json.WriteStartObject();
                json.WriteNumber("epoch", column.Epoch);
                json.WriteNumber("accuracy", Math.Round(column.Accuracy, 4));
                WriteArray(json, "predicted", column.Predicted, (w, c) => w.WriteStringValue(c.Word()));
                json.WriteEndObject();
            }
            json.WriteEndArray();
            WriteNullable(json, "classifier_lost_epoch", prompt.Recognition.LostEpoch);
            if (prompt.Verdict is null)
            {
                json.WriteNull("verdict");
            }
            else
            {
                json.WriteString("verdict", prompt.Verdict);
            }
            WriteNullable(json, "verdict_overfit_epoch", prompt.VerdictOverfitEpoch);
            WriteNullable(json, "recommended_epoch", prompt.RecommendedEpoch);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        if (Report is null)
        {
            json.WriteNull("report");
        }
        else
        {
            json.WriteString("report", Report);
        }
        json.WriteNumber("train_seconds", Math.Round(TrainSeconds, 1));
        json.WriteNumber("total_seconds", Math.Round(TotalSeconds, 1));
        json.WriteEndObject();
    });

    private static void WriteArray<T>(Utf8JsonWriter json, string name, IEnumerable<T> items, Action<Utf8JsonWriter, T> write)
    {
        json.WriteStartArray(name);
        foreach (T item in items)
        {
            write(json, item);
        }
        json.WriteEndArray();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, int? value)
    {
        if (value is int v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
