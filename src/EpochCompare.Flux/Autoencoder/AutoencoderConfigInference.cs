using System.Text.RegularExpressions;
using EpochCompare.Flux.Weights;

namespace EpochCompare.Flux.Autoencoder;

/// <summary>
/// The autoencoder config an <c>ae.safetensors</c> (BFL names) describes, from its shapes: ch = conv_in's width,
/// ch_mult from each encoder level's first conv, res blocks per level, z channels = the decoder's conv_in input.
/// The latent scale and shift are not in the file: FLUX.1's (0.3611, 0.1159).
/// </summary>
public static partial class AutoencoderConfigInference
{
    public static AutoencoderConfig Infer(TensorSource source, string fileName)
    {
        string[] needed = ["encoder.conv_in.weight", "decoder.conv_in.weight", "decoder.conv_out.weight"];
        if (needed.FirstOrDefault(k => !source.Contains(k)) is { } absent)
        {
            throw new InvalidDataException($"{fileName}: not a FLUX autoencoder (no '{source.Prefix}{absent}').");
        }
        IReadOnlyList<long> convIn = source.Entry("encoder.conv_in.weight").Shape;
        int ch = (int)convIn[0];
        int levels = CountIndices(source, EncoderLevel());
        int[] mult = Enumerable.Range(0, levels)
            .Select(i => (int)(source.Entry($"encoder.down.{i}.block.0.conv1.weight").Shape[0] / ch))
            .ToArray();
        int blocks = source.Keys.Select(k => EncoderBlock().Match(k)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value) + 1).DefaultIfEmpty(0).Max();
        AutoencoderConfig flux1 = AutoencoderConfig.Flux1;
        return new AutoencoderConfig((int)convIn[1], ch, (int)source.Entry("decoder.conv_out.weight").Shape[0], mult, blocks,
            (int)source.Entry("decoder.conv_in.weight").Shape[1], flux1.ScaleFactor, flux1.ShiftFactor);
    }

    private static int CountIndices(TensorSource source, Regex pattern) =>
        source.Keys.Select(k => pattern.Match(k)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value) + 1).DefaultIfEmpty(0).Max();

    [GeneratedRegex(@"^encoder\.down\.(\d+)\.")]
    private static partial Regex EncoderLevel();

    [GeneratedRegex(@"^encoder\.down\.0\.block\.(\d+)\.")]
    private static partial Regex EncoderBlock();
}
