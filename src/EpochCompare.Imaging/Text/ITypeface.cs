using EpochCompare.Imaging.Drawing;

namespace EpochCompare.Imaging.Text;

/// <summary>
/// A font design in its own units (y up, baseline at 0): glyph lookup, metrics, kerning and outlines.
/// Implemented by TrueType files from the system and by the project's built-in stroke font.
/// </summary>
public interface ITypeface
{
    string Name { get; }

    /// <summary>Design units per em; a font at size S pixels scales units by S / UnitsPerEm.</summary>
    int UnitsPerEm { get; }

    /// <summary>Distance from the baseline up to the top of tall glyphs (positive).</summary>
    float Ascender { get; }

    /// <summary>Distance from the baseline down to the bottom of descenders (negative).</summary>
    float Descender { get; }

    float LineGap { get; }

    /// <summary>The glyph for a Unicode code point, or 0 (the "missing" glyph) when the font lacks it.</summary>
    int GlyphIndex(int codePoint);

    float AdvanceWidth(int glyph);

    /// <summary>Horizontal adjustment between two adjacent glyphs (usually negative or zero).</summary>
    float Kerning(int leftGlyph, int rightGlyph);

    /// <summary>The glyph's filled outline in font units (y up), ready to transform and fill with non-zero winding.</summary>
    VectorPath Outline(int glyph);
}
