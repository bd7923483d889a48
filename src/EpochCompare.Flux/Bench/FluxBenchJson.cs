using System.Text.Json;
using EpochCompare.Flux.Config;

namespace EpochCompare.Flux.Bench;

/// <summary>The bench JSON fields of the FLUX section, with the reference's FluxParams names under <c>config</c>.</summary>
public static class FluxBenchJson
{
    /// <summary>Writes the section's properties into the JSON object currently open in <paramref name="writer"/>.</summary>
    public static void WriteProperties(Utf8JsonWriter writer, FluxBenchResult result)
    {
        writer.WriteNumber("train_step_ms", Math.Round(result.TrainStepMs, 2));
        writer.WriteNumber("sample_forward_ms", Math.Round(result.SampleForwardMs, 2));
        writer.WritePropertyName("config");
        FluxParamsJson.Write(writer, result.Config);
        writer.WriteNumber("img_tokens", result.ImgTokens);
        writer.WriteNumber("txt_tokens", result.TxtTokens);
        writer.WriteNumber("train_batch", result.TrainBatch);
        writer.WriteNumber("sample_batch", result.SampleBatch);
        writer.WriteNumber("threads", result.Threads);
    }

    public static string ToJson(FluxBenchResult result)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            WriteProperties(writer, result);
            writer.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }
}
