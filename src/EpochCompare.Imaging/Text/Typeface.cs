using System.Reflection;
using SkiaSharp;

namespace EpochCompare.Imaging.Text;

/// <summary>
/// A label font design (a Skia typeface). <see cref="Default"/> is the DejaVu Sans we ship in fonts/, so grids
/// look the same on every machine; characters it lacks fall back to the system's fonts when drawn.
/// </summary>
public sealed class Typeface
{
    private const string DefaultResource = "EpochCompare.Imaging.Fonts.DejaVuSans.ttf";

    private static readonly Lazy<Typeface> Shipped = new(LoadShipped);

    private Typeface(SKTypeface skia, string name)
    {
        Skia = skia;
        Name = name;
    }

    /// <summary>DejaVu Sans 2.37 (Debian's fonts-dejavu-core), embedded in this assembly.</summary>
    public static Typeface Default => Shipped.Value;

    public string Name { get; }

    internal SKTypeface Skia { get; }

    /// <summary>A TrueType/OpenType file (.ttf, .otf, .ttc: its first face); a missing or unusable file is one line naming it.</summary>
    public static Typeface FromFile(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: font file not found.", path);
        }
        SKTypeface? typeface = SKTypeface.FromFile(path);
        if (typeface is null || typeface.GlyphCount == 0)
        {
            typeface?.Dispose();
            throw new InvalidDataException($"{path}: not a font file Skia can read (TrueType, OpenType or a collection).");
        }
        return new Typeface(typeface, typeface.FamilyName);
    }

    /// <summary>Whether the design itself has a glyph for <paramref name="codePoint"/> (no fallback).</summary>
    public bool HasGlyph(int codePoint) => TextShaper.HasGlyph(Skia, codePoint);

    private static Typeface LoadShipped()
    {
        using Stream stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException($"The shipped label font {DefaultResource} is missing from the assembly.");
        var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        using SKData data = SKData.CreateCopy(bytes.ToArray());
        SKTypeface typeface = SKTypeface.FromData(data)
            ?? throw new InvalidOperationException($"The shipped label font {DefaultResource} does not load.");
        return new Typeface(typeface, typeface.FamilyName);
    }
}
