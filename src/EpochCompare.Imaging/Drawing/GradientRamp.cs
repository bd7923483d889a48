namespace EpochCompare.Imaging.Drawing;

/// <summary>Gradient stops sampled into a 256-entry lookup table (positions outside 0..1 pad with the end colors).</summary>
internal sealed class GradientRamp
{
    private const int Size = 256;
    private readonly Rgba32[] _table = new Rgba32[Size];

    public GradientRamp(GradientStop[] stops)
    {
        if (stops.Length == 0)
        {
            throw new ArgumentException("A gradient needs at least one stop.", nameof(stops));
        }
        GradientStop[] sorted = [.. stops.OrderBy(s => s.Offset)];
        for (int i = 0; i < Size; i++)
        {
            _table[i] = ColorAt(sorted, i / (float)(Size - 1));
        }
    }

    public Rgba32 this[float t] => _table[(int)(Math.Clamp(t, 0, 1) * (Size - 1) + 0.5f)];

    private static Rgba32 ColorAt(GradientStop[] stops, float t)
    {
        if (t <= stops[0].Offset)
        {
            return stops[0].Color;
        }
        for (int i = 1; i < stops.Length; i++)
        {
            if (t <= stops[i].Offset)
            {
                GradientStop a = stops[i - 1], b = stops[i];
                float span = b.Offset - a.Offset;
                float f = span <= 0 ? 1 : (t - a.Offset) / span;
                return Lerp(a.Color, b.Color, f);
            }
        }
        return stops[^1].Color;
    }

    private static Rgba32 Lerp(Rgba32 a, Rgba32 b, float f)
    {
        static byte Mix(byte p, byte q, float f) => (byte)(p + (q - p) * f + 0.5f);
        return new Rgba32(Mix(a.R, b.R, f), Mix(a.G, b.G, f), Mix(a.B, b.B, f), Mix(a.A, b.A, f));
    }
}
