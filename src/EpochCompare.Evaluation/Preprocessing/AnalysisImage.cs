namespace EpochCompare.Evaluation.Preprocessing;

/// <summary>
/// An image in the fixed metric space: a square canvas of R, G, B float planes (0..255, sRGB values
/// as stored, not linearised) and BT.601 luma. Every feature is computed from this, never from the file.
/// </summary>
public sealed class AnalysisImage
{
    public Plane Red { get; }
    public Plane Green { get; }
    public Plane Blue { get; }
    public Plane Luma { get; }

    public int Size => Luma.Width;

    public AnalysisImage(Plane red, Plane green, Plane blue)
    {
        if (red.Width != green.Width || red.Width != blue.Width || red.Height != green.Height || red.Height != blue.Height)
        {
            throw new ArgumentException("AnalysisImage: colour planes differ in size.");
        }
        Red = red;
        Green = green;
        Blue = blue;
        Luma = LumaOf(red, green, blue);
    }

    public AnalysisImage FlipHorizontal() => new(Red.FlipHorizontal(), Green.FlipHorizontal(), Blue.FlipHorizontal());

    /// <summary>Y = 0.299 R + 0.587 G + 0.114 B (ITU-R BT.601), the luma the SSIM and hash literature uses.</summary>
    private static Plane LumaOf(Plane r, Plane g, Plane b)
    {
        var luma = new Plane(r.Width, r.Height);
        for (int i = 0; i < luma.Data.Length; i++)
        {
            luma.Data[i] = 0.299f * r.Data[i] + 0.587f * g.Data[i] + 0.114f * b.Data[i];
        }
        return luma;
    }
}
