using System.Globalization;
using System.Text;
using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace EpochCompare.Imaging.Text;

/// <summary>One run of shaped glyphs in a single typeface, positioned from the line start (pixels, baseline at 0).</summary>
internal sealed record ShapedRun(SKTypeface Typeface, ushort[] Glyphs, SKPoint[] Positions);

/// <summary>A line of shaped text: its runs left to right, its advance width and (built on first draw) its text blob.</summary>
internal sealed class ShapedLine(IReadOnlyList<ShapedRun> runs, float width, Func<SKTextBlob?> buildBlob)
{
    private readonly Lazy<SKTextBlob?> _blob = new(buildBlob, LazyThreadSafetyMode.ExecutionAndPublication);

    public IReadOnlyList<ShapedRun> Runs { get; } = runs;

    public float Width { get; } = width;

    /// <summary>The glyphs ready to draw at the origin; null for an empty line. Immutable, so drawn from any thread.</summary>
    public SKTextBlob? Blob => _blob.Value;
}

/// <summary>
/// Shapes a line with HarfBuzz. The text is split into runs by the typeface that has each character (the label
/// font first, else what fontconfig finds on the system: CJK, emoji, ...) and by direction (Arabic and Hebrew
/// runs are shaped right to left), then each run is shaped on its own and the runs are laid left to right.
/// Shaped lines are kept per (typeface, size, text): layout measures the same labels many times (fitting,
/// ellipsizing, centring) and a grid repeats them across pages.
/// </summary>
internal static class TextShaper
{
    // Bounds on the caches; when one fills up it starts over (entries are only ever re-made, never wrong).
    private const int MaxLines = 8192;
    private const int MaxFonts = 512;

    private static readonly Lock Gate = new();
    private static readonly Dictionary<(SKTypeface, float, string), ShapedLine> Lines = [];
    private static readonly Dictionary<(SKTypeface, float), SKFont> Fonts = [];
    private static readonly Dictionary<SKTypeface, SKShaper> Shapers = [];
    private static readonly Dictionary<(SKTypeface, int), SKTypeface> Fallbacks = [];
    private static readonly Dictionary<SKTypeface, SKFont> GlyphLookups = [];

    /// <summary>Whether <paramref name="typeface"/> itself maps <paramref name="codePoint"/> to a glyph (not .notdef).</summary>
    public static bool HasGlyph(SKTypeface typeface, int codePoint)
    {
        lock (Gate)
        {
            if (!GlyphLookups.TryGetValue(typeface, out SKFont? font))
            {
                GlyphLookups[typeface] = font = new SKFont(typeface);
            }
            return font.GetGlyph(codePoint) != 0;
        }
    }

    public static ShapedLine Shape(Font font, string text)
    {
        var key = (font.Typeface.Skia, font.Size, text);
        lock (Gate)
        {
            if (Lines.TryGetValue(key, out ShapedLine? cached))
            {
                return cached;
            }
        }
        ShapedLine line = ShapeUncached(font, text);
        lock (Gate)
        {
            if (Lines.Count >= MaxLines)
            {
                Lines.Clear();
            }
            Lines[key] = line;
        }
        return line;
    }

    /// <summary>
    /// The Skia font for <paramref name="typeface"/> at <paramref name="font"/>'s size, made once and shared by
    /// shaping and drawing (never changed after it is made, so safe to use from several threads).
    /// </summary>
    public static SKFont SkiaFont(Font font, SKTypeface typeface)
    {
        lock (Gate)
        {
            if (!Fonts.TryGetValue((typeface, font.Size), out SKFont? skiaFont))
            {
                if (Fonts.Count >= MaxFonts)
                {
                    Fonts.Clear(); // not disposed: a caller may still hold one; the finalizer frees it
                }
                Fonts[(typeface, font.Size)] = skiaFont = font.CreateSkiaFont(typeface);
            }
            return skiaFont;
        }
    }

    private static ShapedLine ShapeUncached(Font font, string text)
    {
        var runs = new List<ShapedRun>();
        float pen = 0;
        foreach ((SKTypeface typeface, string piece) in Split(font.Typeface.Skia, text))
        {
            SKFont skiaFont = SkiaFont(font, typeface);
            SKShaper.Result result;
            lock (Gate)
            {
                if (!Shapers.TryGetValue(typeface, out SKShaper? shaper))
                {
                    Shapers[typeface] = shaper = new SKShaper(typeface);
                }
                result = shaper.Shape(piece, pen, 0, skiaFont);
            }
            var glyphs = new ushort[result.Codepoints.Length];
            for (int i = 0; i < glyphs.Length; i++)
            {
                glyphs[i] = (ushort)result.Codepoints[i];
            }
            runs.Add(new ShapedRun(typeface, glyphs, result.Points));
            pen += result.Width;
        }
        return new ShapedLine(runs, pen, () => BuildBlob(font, runs));
    }

    private static SKTextBlob? BuildBlob(Font font, List<ShapedRun> runs)
    {
        if (runs.Count == 0)
        {
            return null;
        }
        using var builder = new SKTextBlobBuilder();
        foreach (ShapedRun run in runs)
        {
            builder.AddPositionedRun(run.Glyphs, SkiaFont(font, run.Typeface), run.Positions);
        }
        return builder.Build();
    }

    /// <summary>Consecutive characters that share a typeface and a direction.</summary>
    private static IEnumerable<(SKTypeface Typeface, string Text)> Split(SKTypeface primary, string text)
    {
        var current = new StringBuilder();
        SKTypeface? runFace = null;
        bool runRtl = false;
        foreach (Rune rune in text.EnumerateRunes())
        {
            bool joins = runFace is not null && JoinsPrevious(rune);
            SKTypeface face = joins ? runFace! : FaceFor(primary, rune.Value);
            bool rtl = IsRightToLeft(rune) || (joins || IsNeutral(rune)) && runRtl;
            if (runFace is not null && (face != runFace || rtl != runRtl))
            {
                yield return (runFace, current.ToString());
                current.Clear();
            }
            runFace = face;
            runRtl = rtl;
            current.Append(rune.ToString());
        }
        if (runFace is not null)
        {
            yield return (runFace, current.ToString());
        }
    }

    private static SKTypeface FaceFor(SKTypeface primary, int codePoint)
    {
        if (codePoint < 0x20 || HasGlyph(primary, codePoint))
        {
            return primary;
        }
        lock (Gate) // re-entered by HasGlyph: Lock is recursive
        {
            if (!Fallbacks.TryGetValue((primary, codePoint), out SKTypeface? fallback))
            {
                SKTypeface? match = SKFontManager.Default.MatchCharacter(primary.FamilyName, primary.FontStyle, null, codePoint);
                // No installed font has it: keep the label font, whose .notdef box at least shows something is missing.
                Fallbacks[(primary, codePoint)] = fallback = match is not null && HasGlyph(match, codePoint) ? match : primary;
            }
            return fallback;
        }
    }

    /// <summary>Marks, joiners and variation selectors belong with the character before them.</summary>
    private static bool JoinsPrevious(Rune rune)
    {
        UnicodeCategory category = Rune.GetUnicodeCategory(rune);
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark or UnicodeCategory.SpacingCombiningMark
            || rune.Value is 0x200D or (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0100 and <= 0xE01EF) or (>= 0x1F3FB and <= 0x1F3FF);
    }

    private static bool IsNeutral(Rune rune) =>
        Rune.IsWhiteSpace(rune) || Rune.IsPunctuation(rune) || Rune.IsDigit(rune) || Rune.IsSymbol(rune);

    private static bool IsRightToLeft(Rune rune) => rune.Value is
        (>= 0x0590 and <= 0x08FF) or (>= 0xFB1D and <= 0xFDFF) or (>= 0xFE70 and <= 0xFEFF) or (>= 0x10800 and <= 0x10FFF) or (>= 0x1E800 and <= 0x1EFFF);
}
