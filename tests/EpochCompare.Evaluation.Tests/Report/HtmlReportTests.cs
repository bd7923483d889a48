using System.Xml.Linq;
using EpochCompare.Evaluation.Report;
using EpochCompare.Evaluation.Tests.Signals;

namespace EpochCompare.Evaluation.Tests.Report;

public class HtmlReportTests
{
    private static EvaluationResult R => SyntheticRun.Result.Value;

    [Fact]
    public void ReportIsOneFileWithTheVerdictAndNoExternalResources()
    {
        string html = HtmlReport.Render(R);
        Assert.StartsWith("<!DOCTYPE html>", html);
        Assert.Contains("id=\"verdict\"", html);
        Assert.Contains("Refine between epoch 150 and 175 with a checkpoint every 5.", html);
        Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<script", html);
        // Evidence thumbnails are embedded.
        Assert.Contains("data:image/png;base64,", html);
    }

    [Fact]
    public void SmallGridsAreEmbeddedAndLargeOnesLinkedBesideTheReport()
    {
        Assert.StartsWith("data:image/png;base64,", HtmlReport.GridSource(new byte[100], "grid.png"));
        Assert.Equal("grids/p0.png", HtmlReport.GridSource(new byte[HtmlReport.MaxEmbeddedGridBytes + 1], "grids\\p0.png"));
        string html = HtmlReport.Render(R, new Dictionary<string, string> { [SyntheticRun.Probe] = "probe-grid.png" });
        Assert.Contains("src=\"probe-grid.png\"", html);
    }

    [Fact]
    public void ChartsAreWellFormedSvgWithOnePolylinePerSeries()
    {
        string svg = new SvgLineChart("t", "epoch", "y")
            .Add(new ChartSeries("a", "#000", [(0, 0.0), (25, 0.5), (50, null), (75, 1.0)]))
            .Add(new ChartSeries("b", "#f00", [(0, 1.0), (75, 0.0)]))
            .Mark(new ChartMarker("overfit 50", "#c00", 50, Vertical: true))
            .Render();
        XElement root = XElement.Parse(svg);
        XNamespace ns = "http://www.w3.org/2000/svg";
        // Series a is broken by its gap into two polylines; b is one.
        Assert.Equal(3, root.Descendants(ns + "polyline").Count());
        Assert.Equal(5, root.Descendants(ns + "circle").Count());
    }

    [Fact]
    public void LabelsOfNeighbouringCheckpointMarkersSitEachSideOfTheirLinesInsteadOfOverlapping()
    {
        string svg = new SvgLineChart("t", "epoch", "y")
            .Add(new ChartSeries("a", "#000", [(0, 0.0), (120, 1.0)]))
            .Mark(new ChartMarker("keep 50", "#080", 50, Vertical: true))
            .Mark(new ChartMarker("overfit 60", "#c00", 60, Vertical: true))
            .Mark(new ChartMarker("end 120", "#00c", 120, Vertical: true))
            .Render();
        XNamespace ns = "http://www.w3.org/2000/svg";
        var anchors = XElement.Parse(svg).Descendants(ns + "text")
            .Where(t => t.Value is "keep 50" or "overfit 60" or "end 120")
            .ToDictionary(t => t.Value, t => (string?)t.Attribute("text-anchor"));
        Assert.Equal("end", anchors["keep 50"]);
        Assert.Equal("start", anchors["overfit 60"]);
        Assert.Equal("middle", anchors["end 120"]);
    }

    [Theory]
    [InlineData(0, 1, new[] { 0, 0.2, 0.4, 0.6, 0.8, 1.0 })]
    [InlineData(25, 250, new[] { 50.0, 100, 150, 200, 250 })]
    public void TicksAreRoundNumbersInsideTheRange(double from, double to, double[] expected) =>
        Assert.Equal(expected, SvgLineChart.Ticks(from, to, 5).Select(t => Math.Round(t, 9)));
}
