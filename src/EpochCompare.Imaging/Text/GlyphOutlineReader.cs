using System.Numerics;
using EpochCompare.Imaging.Drawing;

namespace EpochCompare.Imaging.Text;

/// <summary>
/// Reads TrueType 'glyf' outlines: simple glyphs (quadratic contours with implied on-curve midpoints)
/// and composite glyphs (components placed by offsets and 2.14 scale matrices, recursively).
/// </summary>
internal sealed class GlyphOutlineReader(FontDataReader font, int glyfOffset, int[] locations)
{
    private const int MaxCompositeDepth = 8;

    public VectorPath Read(int glyph)
    {
        var builder = new PathBuilder();
        Append(glyph, Matrix3x2.Identity, builder, 0);
        return builder.Build();
    }

    private void Append(int glyph, Matrix3x2 transform, PathBuilder builder, int depth)
    {
        if (glyph < 0 || glyph + 1 >= locations.Length)
        {
            return;
        }
        int start = locations[glyph], end = locations[glyph + 1];
        if (end <= start)
        {
            return; // empty glyph such as the space
        }
        int offset = glyfOffset + start;
        int contours = font.S16(offset);
        if (contours >= 0)
        {
            AppendSimple(offset, contours, transform, builder);
        }
        else if (depth < MaxCompositeDepth)
        {
            AppendComposite(offset, transform, builder, depth);
        }
        else
        {
            throw font.Fail($"composite glyph {glyph} nests deeper than {MaxCompositeDepth} levels");
        }
    }

    private void AppendSimple(int offset, int contourCount, Matrix3x2 transform, PathBuilder builder)
    {
        if (contourCount == 0)
        {
            return;
        }
        var endPoints = new int[contourCount];
        int p = offset + 10;
        for (int i = 0; i < contourCount; i++, p += 2)
        {
            endPoints[i] = font.U16(p);
        }
        int pointCount = endPoints[^1] + 1;
        int instructionLength = font.U16(p);
        p += 2 + instructionLength;

        var flags = new byte[pointCount];
        for (int i = 0; i < pointCount;)
        {
            byte flag = font.U8(p++);
            flags[i++] = flag;
            if ((flag & 8) != 0)
            {
                int repeat = font.U8(p++);
                for (int r = 0; r < repeat && i < pointCount; r++)
                {
                    flags[i++] = flag;
                }
            }
        }
        var xs = new int[pointCount];
        var ys = new int[pointCount];
        p = ReadCoordinates(p, flags, xs, shortBit: 2, sameBit: 0x10);
        ReadCoordinates(p, flags, ys, shortBit: 4, sameBit: 0x20);

        int first = 0;
        var points = new List<(Vector2 Point, bool OnCurve)>();
        foreach (int last in endPoints)
        {
            points.Clear();
            for (int i = first; i <= last; i++)
            {
                points.Add((Vector2.Transform(new Vector2(xs[i], ys[i]), transform), (flags[i] & 1) != 0));
            }
            AppendContour(points, builder);
            first = last + 1;
        }
    }

    private int ReadCoordinates(int p, byte[] flags, int[] output, int shortBit, int sameBit)
    {
        int value = 0;
        for (int i = 0; i < flags.Length; i++)
        {
            byte flag = flags[i];
            if ((flag & shortBit) != 0)
            {
                int delta = font.U8(p++);
                value += (flag & sameBit) != 0 ? delta : -delta;
            }
            else if ((flag & sameBit) == 0)
            {
                value += font.S16(p);
                p += 2;
            }
            output[i] = value;
        }
        return p;
    }

    // Two off-curve points in a row imply an on-curve point halfway between them.
    private static void AppendContour(List<(Vector2 Point, bool OnCurve)> points, PathBuilder builder)
    {
        int n = points.Count;
        if (n == 0)
        {
            return;
        }
        int startIndex = points.FindIndex(pt => pt.OnCurve);
        Vector2 start;
        if (startIndex < 0)
        {
            start = (points[0].Point + points[1 % n].Point) / 2;
            startIndex = 0;
        }
        else
        {
            start = points[startIndex].Point;
            startIndex++;
        }
        builder.MoveTo(start);
        Vector2? control = null;
        for (int k = 0; k < n; k++)
        {
            var (point, onCurve) = points[(startIndex + k) % n];
            if (onCurve)
            {
                if (control is { } c) builder.QuadTo(c, point);
                else builder.LineTo(point);
                control = null;
            }
            else
            {
                if (control is { } c) builder.QuadTo(c, (c + point) / 2);
                control = point;
            }
        }
        if (control is { } last)
        {
            builder.QuadTo(last, start);
        }
        builder.Close();
    }

    private void AppendComposite(int offset, Matrix3x2 transform, PathBuilder builder, int depth)
    {
        const int ArgsAreWords = 0x1, ArgsAreXY = 0x2, HaveScale = 0x8, MoreComponents = 0x20, HaveXYScale = 0x40, HaveTwoByTwo = 0x80;
        int p = offset + 10;
        int flags;
        do
        {
            flags = font.U16(p);
            int component = font.U16(p + 2);
            p += 4;
            float dx, dy;
            if ((flags & ArgsAreWords) != 0)
            {
                dx = font.S16(p);
                dy = font.S16(p + 2);
                p += 4;
            }
            else
            {
                dx = (sbyte)font.U8(p);
                dy = (sbyte)font.U8(p + 1);
                p += 2;
            }
            if ((flags & ArgsAreXY) == 0)
            {
                dx = dy = 0; // point-matching placement: rare, and only nudges accents
            }
            float a = 1, b = 0, c = 0, d = 1;
            if ((flags & HaveScale) != 0)
            {
                a = d = font.F2Dot14(p);
                p += 2;
            }
            else if ((flags & HaveXYScale) != 0)
            {
                a = font.F2Dot14(p);
                d = font.F2Dot14(p + 2);
                p += 4;
            }
            else if ((flags & HaveTwoByTwo) != 0)
            {
                a = font.F2Dot14(p);
                b = font.F2Dot14(p + 2);
                c = font.F2Dot14(p + 4);
                d = font.F2Dot14(p + 6);
                p += 8;
            }
            var local = new Matrix3x2(a, b, c, d, dx, dy);
            Append(component, local * transform, builder, depth + 1);
        }
        while ((flags & MoreComponents) != 0);
    }
}
