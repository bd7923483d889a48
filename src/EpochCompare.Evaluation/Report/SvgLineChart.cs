using System.Globalization;
using System.Net;
using System.Text;

namespace EpochCompare.Evaluation.Report;

/// <summary>One line of a chart: points (x, y); a null y breaks the line.</summary>
public sealed record ChartSeries(string Name, string Color, IReadOnlyList<(double X, double? Y)> Points);

/// <summary>A vertical marker (a checkpoint) or horizontal marker (a threshold).</summary>
public sealed record ChartMarker(string Label, string Color, double Value, bool Vertical, bool Dashed = true);

/// <summary>
/// A small self-contained SVG line chart: axes with ticks, one polyline per series, markers for the
/// overfit onset, the recommended checkpoint and thresholds, and a legend. Invariant formatting.
/// </summary>
public sealed class SvgLineChart(string title, string xLabel, string yLabel)
{
    private const int Width = 590;
    private const int Height = 260;
    private const int Left = 52;
    private const int Right = 160;
    private const int Top = 28;
    private const int Bottom = 40;

    /// <summary>Pixels a vertical marker's label needs beside a neighbouring marker's label.</summary>
    private const double MarkerLabelRoom = 64;

    private readonly List<ChartSeries> _series = [];
    private readonly List<ChartMarker> _markers = [];

    public SvgLineChart Add(ChartSeries series)
    {
        _series.Add(series);
        return this;
    }

    public SvgLineChart Mark(ChartMarker marker)
    {
        _markers.Add(marker);
        return this;
    }

    public string Render()
    {
        var xs = _series.SelectMany(s => s.Points.Select(p => p.X)).Concat(_markers.Where(m => m.Vertical).Select(m => m.Value)).ToList();
        var ys = _series.SelectMany(s => s.Points.Where(p => p.Y is not null && double.IsFinite(p.Y.Value)).Select(p => p.Y!.Value))
            .Concat(_markers.Where(m => !m.Vertical).Select(m => m.Value)).Append(0).ToList();
        double x0 = xs.Count == 0 ? 0 : xs.Min(), x1 = xs.Count == 0 ? 1 : xs.Max();
        double y0 = Math.Min(0, ys.Min()), y1 = ys.Max();
        if (x1 <= x0)
        {
            x1 = x0 + 1;
        }
        if (y1 <= y0)
        {
            y1 = y0 + 1;
        }
        y1 += 0.05 * (y1 - y0);
        double plotW = Width - Left - Right, plotH = Height - Top - Bottom, scaleX = plotW / (x1 - x0);
        string X(double v) => F(Left + (v - x0) / (x1 - x0) * plotW);
        string Y(double v) => F(Top + plotH - (v - y0) / (y1 - y0) * plotH);

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {Width} {Height}\" width=\"{Width}\" height=\"{Height}\" role=\"img\" aria-label=\"{E(title)}\">");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left}\" y=\"16\" class=\"chart-title\">{E(title)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{Top}\" width=\"{F(plotW)}\" height=\"{F(plotH)}\" fill=\"#fafafa\" stroke=\"#ccc\"/>");
        foreach (double t in Ticks(y0, y1, 5))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{F(Left + plotW)}\" y1=\"{Y(t)}\" y2=\"{Y(t)}\" stroke=\"#e4e4e4\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 4}\" y=\"{Y(t)}\" class=\"tick\" text-anchor=\"end\" dominant-baseline=\"middle\">{E(Label(t))}</text>");
        }
        foreach (double t in Ticks(x0, x1, 8))
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{X(t)}\" y=\"{F(Top + plotH + 14)}\" class=\"tick\" text-anchor=\"middle\">{E(Label(t))}</text>");
        }
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left + plotW / 2)}\" y=\"{Height - 6}\" class=\"axis\" text-anchor=\"middle\">{E(xLabel)}</text>");
        svg.Append(CultureInfo.InvariantCulture, $"<text x=\"12\" y=\"{F(Top + plotH / 2)}\" class=\"axis\" text-anchor=\"middle\" transform=\"rotate(-90 12 {F(Top + plotH / 2)})\">{E(yLabel)}</text>");
        double[] verticalXs = [.. _markers.Where(m => m.Vertical).Select(m => m.Value).Order()];
        foreach (ChartMarker m in _markers)
        {
            string dash = m.Dashed ? " stroke-dasharray=\"5 4\"" : "";
            if (m.Vertical)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{X(m.Value)}\" x2=\"{X(m.Value)}\" y1=\"{Top}\" y2=\"{F(Top + plotH)}\" stroke=\"{m.Color}\" stroke-width=\"2\"{dash}/>");
                // Labels of neighbouring markers would overlap when centred: the left one ends at its line, the right one starts there.
                bool neighbourRight = verticalXs.Any(v => v > m.Value && (v - m.Value) * scaleX < MarkerLabelRoom);
                bool neighbourLeft = verticalXs.Any(v => v < m.Value && (m.Value - v) * scaleX < MarkerLabelRoom);
                (string anchor, double shift) = neighbourRight ? ("end", -3.0) : neighbourLeft ? ("start", 3.0) : ("middle", 0.0);
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left + (m.Value - x0) / (x1 - x0) * plotW + shift)}\" y=\"{Top - 3}\" class=\"tick\" fill=\"{m.Color}\" text-anchor=\"{anchor}\">{E(m.Label)}</text>");
            }
            else
            {
                svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{F(Left + plotW)}\" y1=\"{Y(m.Value)}\" y2=\"{Y(m.Value)}\" stroke=\"{m.Color}\"{dash}/>");
            }
        }
        int legendY = Top + 4;
        foreach (ChartSeries s in _series)
        {
            foreach (var segment in Segments(s.Points))
            {
                string points = string.Join(" ", segment.Select(p => $"{X(p.X)},{Y(p.Y)}"));
                svg.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{s.Color}\" stroke-width=\"2\" points=\"{points}\"/>");
                foreach (var p in segment)
                {
                    svg.Append(CultureInfo.InvariantCulture, $"<circle cx=\"{X(p.X)}\" cy=\"{Y(p.Y)}\" r=\"2.5\" fill=\"{s.Color}\"><title>{E($"{s.Name} @ {Label(p.X)}: {Label(p.Y)}")}</title></circle>");
                }
            }
            svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{F(Left + plotW + 10)}\" y=\"{legendY}\" width=\"12\" height=\"3\" fill=\"{s.Color}\"/>");
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Left + plotW + 26)}\" y=\"{legendY + 4}\" class=\"tick\">{E(s.Name)}</text>");
            legendY += 16;
        }
        svg.Append("</svg>");
        return svg.ToString();
    }

    private static IEnumerable<List<(double X, double Y)>> Segments(IReadOnlyList<(double X, double? Y)> points)
    {
        var current = new List<(double, double)>();
        foreach (var (x, y) in points.OrderBy(p => p.X))
        {
            if (y is null || !double.IsFinite(y.Value))
            {
                if (current.Count > 0)
                {
                    yield return current;
                }
                current = [];
                continue;
            }
            current.Add((x, y.Value));
        }
        if (current.Count > 0)
        {
            yield return current;
        }
    }

    /// <summary>Round tick values (1, 2, 5 x 10^k steps) covering [from, to].</summary>
    public static IReadOnlyList<double> Ticks(double from, double to, int approximateCount)
    {
        double raw = (to - from) / Math.Max(1, approximateCount);
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1, 2, 5, 10 }.Select(m => m * magnitude).First(s => s >= raw);
        var ticks = new List<double>();
        for (double t = Math.Ceiling(from / step) * step; t <= to + 1e-9 * step; t += step)
        {
            ticks.Add(Math.Round(t / step) * step);
        }
        return ticks;
    }

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Label(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
