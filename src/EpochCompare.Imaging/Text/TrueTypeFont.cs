using System.Collections.Concurrent;
using EpochCompare.Imaging.Drawing;

namespace EpochCompare.Imaging.Text;

/// <summary>
/// A TrueType font (glyf outlines) read from a .ttf file or the first face of a .ttc collection:
/// table directory, head, maxp, hhea/hmtx, cmap (formats 4 and 12), loca/glyf and legacy kern.
/// Outlines are parsed once per glyph and cached; safe to share between threads.
/// </summary>
public sealed class TrueTypeFont : ITypeface
{
    private readonly FontDataReader _data;
    private readonly CmapTable _cmap;
    private readonly KernTable _kern;
    private readonly GlyphOutlineReader _outlines;
    private readonly ushort[] _advances;
    private readonly ConcurrentDictionary<int, VectorPath> _outlineCache = new();

    private TrueTypeFont(FontDataReader data, int faceOffset)
    {
        _data = data;
        Dictionary<string, int> tables = ReadTableDirectory(data, faceOffset);
        int Table(string tag) => tables.TryGetValue(tag, out int offset)
            ? offset
            : throw data.Fail($"the '{tag}' table is missing{(tag == "glyf" && tables.ContainsKey("CFF ") ? " (CFF/OpenType outlines are not supported; use a TrueType font)" : "")}");

        int head = Table("head");
        if (data.U32(head + 12) != 0x5F0F3CF5)
        {
            throw data.Fail("the 'head' table has a wrong magic number");
        }
        UnitsPerEm = data.U16(head + 18);
        if (UnitsPerEm is < 16 or > 16384)
        {
            throw data.Fail($"unitsPerEm {UnitsPerEm} is outside 16..16384");
        }
        bool longOffsets = data.S16(head + 50) != 0;

        GlyphCount = data.U16(Table("maxp") + 4);
        int hhea = Table("hhea");
        Ascender = data.S16(hhea + 4);
        Descender = data.S16(hhea + 6);
        LineGap = data.S16(hhea + 8);
        int metricsCount = data.U16(hhea + 34);
        if (metricsCount == 0 || metricsCount > GlyphCount)
        {
            throw data.Fail($"hhea numberOfHMetrics {metricsCount} does not fit {GlyphCount} glyphs");
        }
        int hmtx = Table("hmtx");
        _advances = new ushort[GlyphCount];
        for (int g = 0; g < GlyphCount; g++)
        {
            // Glyphs past the last long metric share its advance (monospaced tails).
            _advances[g] = data.U16(hmtx + Math.Min(g, metricsCount - 1) * 4);
        }

        _cmap = CmapTable.Read(data, Table("cmap"));
        _kern = tables.TryGetValue("kern", out int kern) ? KernTable.Read(data, kern) : KernTable.Empty;
        _outlines = new GlyphOutlineReader(data, Table("glyf"), ReadLocations(data, Table("loca"), GlyphCount, longOffsets));
        Name = System.IO.Path.GetFileNameWithoutExtension(data.Source);
    }

    public string Name { get; }

    public int UnitsPerEm { get; }

    public float Ascender { get; }

    public float Descender { get; }

    public float LineGap { get; }

    public int GlyphCount { get; }

    /// <summary>Number of kerning pairs read from the legacy 'kern' table.</summary>
    public int KerningPairCount => _kern.Count;

    public static TrueTypeFont Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: cannot read the font file ({ex.Message})", ex);
        }
        return Parse(bytes, path);
    }

    /// <summary>Parses font bytes; <paramref name="source"/> names the file in error messages.</summary>
    public static TrueTypeFont Parse(byte[] bytes, string source)
    {
        var data = new FontDataReader(bytes, source);
        if (data.Length < 12)
        {
            throw data.Fail("too short to be a font file");
        }
        int faceOffset = 0;
        if (data.Tag(0) == "ttcf")
        {
            if (data.U32(8) == 0)
            {
                throw data.Fail("the font collection holds no fonts");
            }
            faceOffset = (int)data.U32(12);
        }
        uint version = data.U32(faceOffset);
        if (version != 0x00010000 && data.Tag(faceOffset) != "true")
        {
            throw data.Fail(data.Tag(faceOffset) == "OTTO"
                ? "CFF-flavoured OpenType is not supported; use a TrueType (glyf) font"
                : $"not a TrueType font (version tag 0x{version:X8})");
        }
        return new TrueTypeFont(data, faceOffset);
    }

    public int GlyphIndex(int codePoint)
    {
        int glyph = _cmap.GlyphIndex(codePoint);
        return glyph < GlyphCount ? glyph : 0;
    }

    public float AdvanceWidth(int glyph) => (uint)glyph < (uint)GlyphCount ? _advances[glyph] : 0;

    public float Kerning(int leftGlyph, int rightGlyph) => _kern.Get(leftGlyph, rightGlyph);

    public VectorPath Outline(int glyph) => _outlineCache.GetOrAdd(glyph, _outlines.Read);

    private static Dictionary<string, int> ReadTableDirectory(FontDataReader data, int faceOffset)
    {
        int count = data.U16(faceOffset + 4);
        var tables = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            int record = faceOffset + 12 + i * 16;
            string tag = data.Tag(record);
            uint offset = data.U32(record + 8), length = data.U32(record + 12);
            if (offset + (ulong)length > (ulong)data.Length)
            {
                throw data.Fail($"table '{tag}' ({length} bytes at {offset}) runs past the end of the file");
            }
            tables[tag] = (int)offset;
        }
        return tables;
    }

    private static int[] ReadLocations(FontDataReader data, int loca, int glyphCount, bool longOffsets)
    {
        var locations = new int[glyphCount + 1];
        for (int g = 0; g <= glyphCount; g++)
        {
            locations[g] = longOffsets ? (int)data.U32(loca + g * 4) : data.U16(loca + g * 2) * 2;
        }
        return locations;
    }
}
