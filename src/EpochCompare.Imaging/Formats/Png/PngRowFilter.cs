using System.Numerics;

namespace EpochCompare.Imaging.Formats.Png;

/// <summary>
/// Encoder side of PNG filtering: computes every filter for a row and keeps the one with
/// the smallest sum of absolute (signed) differences, the heuristic libpng and the spec suggest.
/// All five filters only read raw (unfiltered) bytes, so each is a straight vector loop.
/// </summary>
internal sealed class PngRowFilter
{
    private readonly int _bytesPerPixel;
    private readonly byte[][] _candidates;

    public PngRowFilter(int rowBytes, int bytesPerPixel)
    {
        _bytesPerPixel = bytesPerPixel;
        _candidates = new byte[5][];
        for (int i = 0; i < _candidates.Length; i++)
        {
            _candidates[i] = new byte[rowBytes + 1];
            _candidates[i][0] = (byte)i;
        }
    }

    /// <summary>
    /// Filters <paramref name="current"/> (previous row <paramref name="previous"/>, all zero for the first row)
    /// and returns the filter byte plus filtered bytes of the cheapest candidate.
    /// </summary>
    public ReadOnlySpan<byte> FilterAdaptive(ReadOnlySpan<byte> current, ReadOnlySpan<byte> previous)
    {
        int best = 0;
        long bestCost = long.MaxValue;
        for (int type = 0; type < _candidates.Length; type++)
        {
            Span<byte> output = _candidates[type].AsSpan(1);
            Apply((PngFilterType)type, current, previous, output, _bytesPerPixel);
            long cost = SumOfAbsoluteSignedBytes(output);
            if (cost < bestCost)
            {
                bestCost = cost;
                best = type;
            }
        }
        return _candidates[best];
    }

    /// <summary>Writes filter <paramref name="type"/> of <paramref name="current"/> into <paramref name="output"/>.</summary>
    public static void Apply(PngFilterType type, ReadOnlySpan<byte> current, ReadOnlySpan<byte> previous, Span<byte> output, int bpp)
    {
        switch (type)
        {
            case PngFilterType.None:
                current.CopyTo(output);
                break;
            case PngFilterType.Sub:
                ApplySub(current, output, bpp);
                break;
            case PngFilterType.Up:
                ApplyUp(current, previous, output);
                break;
            case PngFilterType.Average:
                ApplyAverage(current, previous, output, bpp);
                break;
            case PngFilterType.Paeth:
                ApplyPaeth(current, previous, output, bpp);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), $"Unknown PNG filter {type}.");
        }
    }

    private static void ApplySub(ReadOnlySpan<byte> cur, Span<byte> output, int bpp)
    {
        int n = cur.Length;
        int head = Math.Min(bpp, n);
        cur[..head].CopyTo(output);
        int i = bpp;
        int w = Vector<byte>.Count;
        for (; i + w <= n; i += w)
        {
            (new Vector<byte>(cur[i..]) - new Vector<byte>(cur[(i - bpp)..])).CopyTo(output[i..]);
        }
        for (; i < n; i++)
        {
            output[i] = (byte)(cur[i] - cur[i - bpp]);
        }
    }

    private static void ApplyUp(ReadOnlySpan<byte> cur, ReadOnlySpan<byte> prev, Span<byte> output)
    {
        int n = cur.Length;
        int i = 0;
        int w = Vector<byte>.Count;
        for (; i + w <= n; i += w)
        {
            (new Vector<byte>(cur[i..]) - new Vector<byte>(prev[i..])).CopyTo(output[i..]);
        }
        for (; i < n; i++)
        {
            output[i] = (byte)(cur[i] - prev[i]);
        }
    }

    private static void ApplyAverage(ReadOnlySpan<byte> cur, ReadOnlySpan<byte> prev, Span<byte> output, int bpp)
    {
        int n = cur.Length;
        int head = Math.Min(bpp, n);
        for (int k = 0; k < head; k++)
        {
            output[k] = (byte)(cur[k] - (prev[k] >> 1));
        }
        int i = bpp;
        int w = Vector<byte>.Count;
        for (; i + w <= n; i += w)
        {
            var left = new Vector<byte>(cur[(i - bpp)..]);
            var up = new Vector<byte>(prev[i..]);
            // floor((a + b) / 2) without widening: (a & b) + ((a ^ b) >> 1).
            var average = (left & up) + Vector.ShiftRightLogical(left ^ up, 1);
            (new Vector<byte>(cur[i..]) - average).CopyTo(output[i..]);
        }
        for (; i < n; i++)
        {
            output[i] = (byte)(cur[i] - ((cur[i - bpp] + prev[i]) >> 1));
        }
    }

    private static void ApplyPaeth(ReadOnlySpan<byte> cur, ReadOnlySpan<byte> prev, Span<byte> output, int bpp)
    {
        int n = cur.Length;
        int head = Math.Min(bpp, n);
        for (int k = 0; k < head; k++)
        {
            // With no left neighbour a = c = 0, so the predictor is always 'up'.
            output[k] = (byte)(cur[k] - prev[k]);
        }
        int i = bpp;
        int w = Vector<byte>.Count;
        for (; i + w <= n; i += w)
        {
            Vector.Widen(new Vector<byte>(cur[(i - bpp)..]), out Vector<ushort> aLow, out Vector<ushort> aHigh);
            Vector.Widen(new Vector<byte>(prev[i..]), out Vector<ushort> bLow, out Vector<ushort> bHigh);
            Vector.Widen(new Vector<byte>(prev[(i - bpp)..]), out Vector<ushort> cLow, out Vector<ushort> cHigh);
            var low = PaethLanes(Vector.AsVectorInt16(aLow), Vector.AsVectorInt16(bLow), Vector.AsVectorInt16(cLow));
            var high = PaethLanes(Vector.AsVectorInt16(aHigh), Vector.AsVectorInt16(bHigh), Vector.AsVectorInt16(cHigh));
            var predictor = Vector.Narrow(Vector.AsVectorUInt16(low), Vector.AsVectorUInt16(high));
            (new Vector<byte>(cur[i..]) - predictor).CopyTo(output[i..]);
        }
        for (; i < n; i++)
        {
            output[i] = (byte)(cur[i] - PaethPredictor(cur[i - bpp], prev[i], prev[i - bpp]));
        }
    }

    private static Vector<short> PaethLanes(Vector<short> a, Vector<short> b, Vector<short> c)
    {
        var pa = Vector.Abs(b - c);
        var pb = Vector.Abs(a - c);
        var pc = Vector.Abs(a + b - c - c);
        // Spec tie order: a if pa <= pb and pa <= pc, else b if pb <= pc, else c.
        var useA = Vector.LessThanOrEqual(pa, pb) & Vector.LessThanOrEqual(pa, pc);
        var useB = Vector.LessThanOrEqual(pb, pc);
        return Vector.ConditionalSelect(useA, a, Vector.ConditionalSelect(useB, b, c));
    }

    internal static byte PaethPredictor(int a, int b, int c)
    {
        int p = a + b - c;
        int pa = Math.Abs(p - a);
        int pb = Math.Abs(p - b);
        int pc = Math.Abs(p - c);
        if (pa <= pb && pa <= pc)
        {
            return (byte)a;
        }
        return pb <= pc ? (byte)b : (byte)c;
    }

    /// <summary>Sum of |(sbyte)x|: small when the filtered bytes cluster around zero.</summary>
    internal static long SumOfAbsoluteSignedBytes(ReadOnlySpan<byte> data)
    {
        long total = 0;
        int i = 0;
        int w = Vector<sbyte>.Count;
        // Each step adds at most 2 * 128 per ushort lane; 128 steps stay below 65536.
        while (i + w <= data.Length)
        {
            var accumulator = Vector<ushort>.Zero;
            int steps = 0;
            for (; i + w <= data.Length && steps < 128; i += w, steps++)
            {
                var magnitude = Vector.AsVectorByte(Vector.Abs(new Vector<sbyte>(data[i..])));
                Vector.Widen(magnitude, out Vector<ushort> low, out Vector<ushort> high);
                accumulator += low + high;
            }
            total += SumLanes(accumulator);
        }
        for (; i < data.Length; i++)
        {
            total += Math.Abs((int)(sbyte)data[i]);
        }
        return total;
    }

    private static long SumLanes(Vector<ushort> v)
    {
        Vector.Widen(v, out Vector<uint> low, out Vector<uint> high);
        return Vector.Sum(low) + (long)Vector.Sum(high);
    }
}
