using System.Text.Json;

namespace EpochCompare.Flux.Autoencoder;

/// <summary>BFL's <c>AutoEncoderParams</c>: channel widths per level, blocks per level, latent channels, and the latent scale and shift.</summary>
public sealed record AutoencoderConfig(
    int InChannels,
    int Ch,
    int OutCh,
    IReadOnlyList<int> ChMult,
    int NumResBlocks,
    int ZChannels,
    double ScaleFactor,
    double ShiftFactor)
{
    /// <summary>FLUX.1's ae.safetensors (BFL <c>ae_params</c>).</summary>
    public static AutoencoderConfig Flux1 { get; } = new(3, 128, 3, [1, 2, 4, 4], 2, 16, 0.3611, 0.1159);

    /// <summary>Pixels per latent cell along each side: 2^(levels - 1).</summary>
    public int DownscaleFactor => 1 << (ChMult.Count - 1);

    /// <summary>Reads the JSON form of <c>AutoEncoderParams</c> (as in the fixtures' metadata).</summary>
    public static AutoencoderConfig FromJson(string json, string source)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(json);
            JsonElement root = document.RootElement;
            int Int(string name, int fallback) => root.TryGetProperty(name, out JsonElement v) ? v.GetInt32() : fallback;
            double Real(string name, double fallback) => root.TryGetProperty(name, out JsonElement v) ? v.GetDouble() : fallback;
            IReadOnlyList<int> mult = root.TryGetProperty("ch_mult", out JsonElement m)
                ? m.EnumerateArray().Select(e => e.GetInt32()).ToArray()
                : Flux1.ChMult;
            return new AutoencoderConfig(Int("in_channels", 3), Int("ch", Flux1.Ch), Int("out_ch", 3), mult,
                Int("num_res_blocks", Flux1.NumResBlocks), Int("z_channels", Flux1.ZChannels),
                Real("scale_factor", Flux1.ScaleFactor), Real("shift_factor", Flux1.ShiftFactor));
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{source}: not an autoencoder config ({ex.Message}).", ex);
        }
    }

    public bool Equals(AutoencoderConfig? other) =>
        other is not null && InChannels == other.InChannels && Ch == other.Ch && OutCh == other.OutCh
        && ChMult.SequenceEqual(other.ChMult) && NumResBlocks == other.NumResBlocks && ZChannels == other.ZChannels
        && ScaleFactor == other.ScaleFactor && ShiftFactor == other.ShiftFactor;

    public override int GetHashCode() => HashCode.Combine(Ch, ChMult.Count, NumResBlocks, ZChannels);
}
