namespace EpochCompare.Imaging.Text;

/// <summary>
/// The character-to-glyph map of a TrueType font, from a Unicode subtable in format 12 (full range)
/// or format 4 (Basic Multilingual Plane segments).
/// </summary>
internal sealed class CmapTable
{
    private readonly FontDataReader _font;
    private readonly int _subtable;
    private readonly int _format;

    private CmapTable(FontDataReader font, int subtable, int format)
    {
        _font = font;
        _subtable = subtable;
        _format = format;
    }

    public static CmapTable Read(FontDataReader font, int tableOffset)
    {
        int count = font.U16(tableOffset + 2);
        int best = -1, bestFormat = 0, bestRank = int.MaxValue;
        for (int i = 0; i < count; i++)
        {
            int record = tableOffset + 4 + i * 8;
            int platform = font.U16(record), encoding = font.U16(record + 2);
            int offset = tableOffset + (int)font.U32(record + 4);
            int format = font.U16(offset);
            int rank = (platform, encoding, format) switch
            {
                (3, 10, 12) => 0,
                (0, _, 12) => 1,
                (3, 1, 4) => 2,
                (0, _, 4) => 3,
                _ => int.MaxValue,
            };
            if (rank < bestRank)
            {
                (best, bestFormat, bestRank) = (offset, format, rank);
            }
        }
        if (best < 0)
        {
            throw font.Fail("cmap has no Unicode subtable in format 4 or 12");
        }
        return new CmapTable(font, best, bestFormat);
    }

    public int GlyphIndex(int codePoint)
    {
        if (codePoint < 0)
        {
            return 0;
        }
        return _format == 12 ? LookupFormat12(codePoint) : LookupFormat4(codePoint);
    }

    private int LookupFormat4(int codePoint)
    {
        if (codePoint > 0xFFFF)
        {
            return 0;
        }
        int segCount = _font.U16(_subtable + 6) / 2;
        int endCodes = _subtable + 14;
        int startCodes = endCodes + segCount * 2 + 2;
        int idDeltas = startCodes + segCount * 2;
        int idRangeOffsets = idDeltas + segCount * 2;
        // Binary search for the first segment whose end code is >= the code point.
        int lo = 0, hi = segCount - 1;
        while (lo < hi)
        {
            int mid = (lo + hi) / 2;
            if (_font.U16(endCodes + mid * 2) < codePoint) lo = mid + 1;
            else hi = mid;
        }
        int start = _font.U16(startCodes + lo * 2);
        if (codePoint < start || codePoint > _font.U16(endCodes + lo * 2))
        {
            return 0;
        }
        int delta = _font.S16(idDeltas + lo * 2);
        int rangeOffset = _font.U16(idRangeOffsets + lo * 2);
        if (rangeOffset == 0)
        {
            return (codePoint + delta) & 0xFFFF;
        }
        // idRangeOffset is relative to its own position in the array (the spec's pointer trick).
        int glyphAddress = idRangeOffsets + lo * 2 + rangeOffset + (codePoint - start) * 2;
        int glyph = _font.U16(glyphAddress);
        return glyph == 0 ? 0 : (glyph + delta) & 0xFFFF;
    }

    private int LookupFormat12(int codePoint)
    {
        int groups = (int)_font.U32(_subtable + 12);
        int lo = 0, hi = groups - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) / 2;
            int group = _subtable + 16 + mid * 12;
            uint start = _font.U32(group), end = _font.U32(group + 4);
            if (codePoint < start) hi = mid - 1;
            else if (codePoint > end) lo = mid + 1;
            else return (int)(_font.U32(group + 8) + (uint)codePoint - start);
        }
        return 0;
    }
}
