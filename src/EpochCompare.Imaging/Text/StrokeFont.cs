using System.Globalization;
using System.Numerics;
using EpochCompare.Imaging.Drawing;

namespace EpochCompare.Imaging.Text;

/// <summary>
/// The project's own fallback typeface (fonts/epochcompare-stroke.txt, embedded): printable ASCII as
/// centerline strokes, outlined with the same stroker and filled with the same rasterizer as any font.
/// Always available, so a label renders even on a machine with no fonts installed.
/// </summary>
public sealed class StrokeFont : ITypeface
{
    private const string ResourceName = "EpochCompare.Imaging.Fonts.epochcompare-stroke.txt";
    private static readonly Lazy<StrokeFont> BuiltIn = new(LoadBuiltIn);

    private readonly Dictionary<int, int> _glyphOfCodePoint = [];
    private readonly List<float> _advances = [];
    private readonly List<VectorPath> _outlines = [];

    private StrokeFont()
    {
    }

    /// <summary>The embedded font.</summary>
    public static StrokeFont Default => BuiltIn.Value;

    public string Name => "EpochCompare Stroke";

    public int UnitsPerEm { get; private set; } = 14;

    public float Ascender { get; private set; }

    public float Descender { get; private set; }

    public float LineGap { get; private set; }

    /// <summary>Width of the pen in font units.</summary>
    public float StrokeWidth { get; private set; } = 1.2f;

    public IEnumerable<int> CodePoints => _glyphOfCodePoint.Keys;

    public int GlyphIndex(int codePoint) => _glyphOfCodePoint.GetValueOrDefault(codePoint);

    public float AdvanceWidth(int glyph) => (uint)glyph < (uint)_advances.Count ? _advances[glyph] : 0;

    public float Kerning(int leftGlyph, int rightGlyph) => 0;

    public VectorPath Outline(int glyph) => (uint)glyph < (uint)_outlines.Count ? _outlines[glyph] : VectorPath.Empty;

    /// <summary>Parses the font's text format; <paramref name="source"/> names it in error messages.</summary>
    public static StrokeFont Parse(string text, string source)
    {
        var font = new StrokeFont();
        var pending = new List<(int CodePoint, float Advance, VectorPath Centerline)>();
        string[] lines = text.Split('\n');
        for (int n = 0; n < lines.Length; n++)
        {
            string line = lines[n].TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            string where = $"{source} line {n + 1}";
            if (line.Length >= 3 && line[0] == '\'' && line[2] == '\'')
            {
                string[] tokens = Tokens(line[3..]);
                pending.Add((line[1], Number(tokens, 0, where), Centerline(new ArraySegment<string>(tokens, 1, tokens.Length - 1), where)));
                continue;
            }
            string[] parts = Tokens(line);
            switch (parts[0])
            {
                case "units": font.UnitsPerEm = (int)Number(parts, 1, where); break;
                case "ascender": font.Ascender = Number(parts, 1, where); break;
                case "descender": font.Descender = Number(parts, 1, where); break;
                case "linegap": font.LineGap = Number(parts, 1, where); break;
                case "stroke": font.StrokeWidth = Number(parts, 1, where); break;
                case "missing": pending.Insert(0, (-1, Number(parts, 1, where), Centerline(new ArraySegment<string>(parts, 2, parts.Length - 2), where))); break;
                default: throw new InvalidDataException($"{where}: unknown entry '{parts[0]}'.");
            }
        }
        if (pending.Count == 0 || pending[0].CodePoint != -1)
        {
            throw new InvalidDataException($"{source}: the 'missing' glyph (glyph 0) is not defined.");
        }
        var style = new StrokeStyle(font.StrokeWidth, LineJoin.Round, LineCap.Round);
        foreach (var (codePoint, advance, centerline) in pending)
        {
            if (codePoint >= 0)
            {
                font._glyphOfCodePoint[codePoint] = font._outlines.Count;
            }
            font._advances.Add(advance);
            // Fine tolerance in font units: outlines are scaled up to label sizes later.
            font._outlines.Add(centerline.IsEmpty ? VectorPath.Empty : Stroker.Stroke(centerline, style, tolerance: 0.01f));
        }
        return font;
    }

    private static StrokeFont LoadBuiltIn()
    {
        using Stream stream = typeof(StrokeFont).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded font {ResourceName} is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "epochcompare-stroke.txt");
    }

    private static VectorPath Centerline(ArraySegment<string> tokens, string where)
    {
        var builder = new PathBuilder();
        bool open = false;
        int i = 0;
        float Next()
        {
            if (i >= tokens.Count || !float.TryParse(tokens[i], NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
            {
                throw new InvalidDataException($"{where}: expected a number at token {i + 1}.");
            }
            i++;
            return value;
        }
        while (i < tokens.Count)
        {
            string command = tokens[i++];
            switch (command)
            {
                case "M":
                    builder.MoveTo(Next(), Next());
                    open = true;
                    break;
                case "L":
                    RequireOpen(open, command, where);
                    builder.LineTo(Next(), Next());
                    break;
                case "Q":
                    RequireOpen(open, command, where);
                    builder.QuadTo(Next(), Next(), Next(), Next());
                    break;
                case "A":
                    AppendArc(builder, ref open, Next(), Next(), Next(), Next(), Next(), Next());
                    break;
                case "Z":
                    RequireOpen(open, command, where);
                    builder.Close();
                    open = false;
                    break;
                default:
                    throw new InvalidDataException($"{where}: unknown command '{command}'.");
            }
        }
        return builder.Build();
    }

    private static void AppendArc(PathBuilder builder, ref bool open, float cx, float cy, float rx, float ry, float fromDegrees, float toDegrees)
    {
        float a0 = fromDegrees * MathF.PI / 180, a1 = toDegrees * MathF.PI / 180;
        int steps = Math.Max(2, (int)MathF.Ceiling(MathF.Abs(a1 - a0) / (MathF.PI / 24)));
        for (int s = 0; s <= steps; s++)
        {
            float a = a0 + (a1 - a0) * s / steps;
            var p = new Vector2(cx + rx * MathF.Cos(a), cy + ry * MathF.Sin(a));
            if (!open)
            {
                builder.MoveTo(p);
                open = true;
            }
            else
            {
                builder.LineTo(p);
            }
        }
    }

    private static void RequireOpen(bool open, string command, string where)
    {
        if (!open)
        {
            throw new InvalidDataException($"{where}: '{command}' needs a stroke started with M or A.");
        }
    }

    private static float Number(string[] tokens, int index, string where) =>
        index < tokens.Length && float.TryParse(tokens[index], NumberStyles.Float, CultureInfo.InvariantCulture, out float value)
            ? value
            : throw new InvalidDataException($"{where}: expected a number.");

    private static string[] Tokens(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
