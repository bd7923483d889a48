using System.Numerics;
using EpochCompare.Imaging.Drawing;

namespace EpochCompare.Imaging.Tests.Drawing;

public class RasterizerCoverageTests
{
    private static byte At(byte[] mask, int width, int x, int y) => mask[y * width + x];

    [Fact]
    public void SquareIsFullInsideAndEmptyOutside()
    {
        VectorPath square = new PathBuilder().AddRectangle(2, 3, 6, 4).Build();
        byte[] mask = Rasterizer.CoverageMask(square, 12, 10);
        for (int y = 0; y < 10; y++)
        {
            for (int x = 0; x < 12; x++)
            {
                bool inside = x >= 2 && x < 8 && y >= 3 && y < 7;
                Assert.Equal(inside ? 255 : 0, At(mask, 12, x, y));
            }
        }
    }

    [Fact]
    public void HalfCoveredEdgeIsAboutHalf()
    {
        VectorPath square = new PathBuilder().AddRectangle(2, 2, 4.5f, 4).Build();
        byte[] mask = Rasterizer.CoverageMask(square, 10, 8);
        Assert.Equal(255, At(mask, 10, 5, 3));
        Assert.InRange(At(mask, 10, 6, 3), 127, 128);
        Assert.Equal(0, At(mask, 10, 7, 3));
        // A pixel half covered in both directions is a quarter covered.
        VectorPath corner = new PathBuilder().AddRectangle(1.5f, 1.5f, 3, 3).Build();
        byte[] cornerMask = Rasterizer.CoverageMask(corner, 6, 6);
        Assert.InRange(At(cornerMask, 6, 1, 1), 63, 64);
    }

    [Fact]
    public void TotalCoverageEqualsTheExactAreaOfSlopedShapes()
    {
        // Triangle (1,1) (19,4) (6,15): area from the shoelace formula.
        Vector2[] triangle = [new(1, 1), new(19, 4), new(6, 15)];
        byte[] mask = Rasterizer.CoverageMask(new PathBuilder().AddPolygon(triangle).Build(), 20, 16);
        double area = Math.Abs((19 - 1) * (15 - 1) - (6 - 1) * (4 - 1)) / 2.0;
        double covered = mask.Sum(b => (double)b) / 255;
        Assert.InRange(covered, area - 0.3, area + 0.3);

        VectorPath circle = new PathBuilder().AddCircle(16, 16, 12.3f).Build();
        double disc = Rasterizer.CoverageMask(circle, 32, 32).Sum(b => (double)b) / 255;
        Assert.InRange(disc, Math.PI * 12.3 * 12.3 * 0.995, Math.PI * 12.3 * 12.3 * 1.002);
    }

    [Fact]
    public void OverlapOfSameDirectionContoursStaysFilledUnderNonZeroButNotEvenOdd()
    {
        VectorPath twoSquares = new PathBuilder().AddRectangle(1, 1, 6, 6).AddRectangle(4, 4, 6, 6).Build();
        byte[] nonZero = Rasterizer.CoverageMask(twoSquares, 12, 12, FillRule.NonZero);
        byte[] evenOdd = Rasterizer.CoverageMask(twoSquares, 12, 12, FillRule.EvenOdd);
        Assert.Equal(255, At(nonZero, 12, 5, 5)); // overlap, winding 2
        Assert.Equal(0, At(evenOdd, 12, 5, 5));
        Assert.Equal(255, At(nonZero, 12, 2, 2)); // only the first square
        Assert.Equal(255, At(evenOdd, 12, 2, 2));
    }

    [Fact]
    public void OppositeDirectionContourCutsAHoleUnderBothRules()
    {
        // Outer square clockwise on screen, inner square counter-clockwise: winding 0 inside the inner one.
        VectorPath ring = new PathBuilder()
            .AddRectangle(1, 1, 10, 10)
            .MoveTo(4, 4).LineTo(4, 8).LineTo(8, 8).LineTo(8, 4).Close()
            .Build();
        foreach (FillRule rule in new[] { FillRule.NonZero, FillRule.EvenOdd })
        {
            byte[] mask = Rasterizer.CoverageMask(ring, 12, 12, rule);
            Assert.Equal(0, At(mask, 12, 5, 5));
            Assert.Equal(255, At(mask, 12, 2, 5));
        }
    }

    [Fact]
    public void ShapesReachingOutsideTheWindowKeepTheirWindingInside()
    {
        VectorPath wide = new PathBuilder().AddRectangle(-30, 2, 35.5f, 3).Build();
        byte[] mask = Rasterizer.CoverageMask(wide, 8, 8);
        Assert.Equal(255, At(mask, 8, 0, 3));
        Assert.Equal(255, At(mask, 8, 4, 3));
        Assert.InRange(At(mask, 8, 5, 3), 127, 128);
        Assert.Equal(0, At(mask, 8, 6, 3));
        Assert.Equal(0, At(mask, 8, 0, 6));
    }

    [Fact]
    public void FlattenedCurvesStayWithinTheTolerance()
    {
        Vector2 p0 = new(0, 0), c = new(50, 80), p2 = new(100, 0);
        VectorPath quad = new PathBuilder().MoveTo(p0).QuadTo(c, p2).Build();
        Polyline line = Assert.Single(PathFlattener.Flatten(quad, 0.1f));
        Assert.True(line.Points.Count > 5);
        // Sample the true curve densely; each sample must lie near the polyline.
        for (int i = 0; i <= 200; i++)
        {
            float t = i / 200f, u = 1 - t;
            Vector2 q = u * u * p0 + 2 * u * t * c + t * t * p2;
            Assert.True(DistanceToPolyline(q, line.Points) <= 0.1f + 1e-3f, $"t={t}");
        }
    }

    private static float DistanceToPolyline(Vector2 q, List<Vector2> points)
    {
        float best = float.MaxValue;
        for (int i = 0; i + 1 < points.Count; i++)
        {
            Vector2 a = points[i], b = points[i + 1], ab = b - a;
            float t = Math.Clamp(Vector2.Dot(q - a, ab) / ab.LengthSquared(), 0, 1);
            best = MathF.Min(best, Vector2.Distance(q, a + t * ab));
        }
        return best;
    }
}
