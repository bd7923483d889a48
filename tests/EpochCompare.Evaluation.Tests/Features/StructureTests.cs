using EpochCompare.Evaluation.Features;
using EpochCompare.Evaluation.Preprocessing;

namespace EpochCompare.Evaluation.Tests.Features;

public class StructureTests
{
    [Fact]
    public void EdgePyramidPutsHorizontalStripesInTheNinetyDegreeBin()
    {
        Plane stripes = SyntheticImages.PlaneFrom(256, 256, (_, y) => 128 + 100 * Math.Sin(y * 0.3));
        float[] hog = EdgeOrientationPyramid.Compute(stripes);
        Assert.Equal(189, hog.Length);
        Assert.Equal(1.0, Math.Sqrt(VectorMath.Dot(hog, hog)), 5);
        // Level 0 (one cell, 9 bins): gradient along y = 90 degrees = bin 4.
        int dominant = Array.IndexOf(hog, hog.Take(9).Max());
        Assert.Equal(4, dominant);
    }

    [Fact]
    public void EdgePyramidTellsVerticalFromHorizontal()
    {
        Plane horizontal = SyntheticImages.PlaneFrom(256, 256, (_, y) => 128 + 100 * Math.Sin(y * 0.3));
        Plane vertical = SyntheticImages.PlaneFrom(256, 256, (x, _) => 128 + 100 * Math.Sin(x * 0.3));
        Assert.True(VectorMath.Cosine(EdgeOrientationPyramid.Compute(horizontal), EdgeOrientationPyramid.Compute(vertical)) < 0.05);
    }

    [Fact]
    public void EdgePyramidRecordsWhereTheEdgesAre()
    {
        // Same edge orientation, different place: the 2x2 and 4x4 levels must differ.
        Plane left = SyntheticImages.PlaneFrom(256, 256, (x, _) => x < 64 ? 0 : 200);
        Plane right = SyntheticImages.PlaneFrom(256, 256, (x, _) => x < 192 ? 0 : 200);
        double cos = VectorMath.Cosine(EdgeOrientationPyramid.Compute(left), EdgeOrientationPyramid.Compute(right));
        Assert.InRange(cos, 0.2, 0.6);
    }

    [Fact]
    public void LbpHasFiftyEightUniformCodes()
    {
        var bins = Enumerable.Range(0, 256).Select(LocalBinaryPattern.BinOf).ToList();
        Assert.Equal(58, bins.Where(b => b != LocalBinaryPattern.NonUniformBin).Distinct().Count());
        Assert.Equal(256 - 58, bins.Count(b => b == LocalBinaryPattern.NonUniformBin));
    }

    [Fact]
    public void LbpOfFlatAndCheckerboardTextures()
    {
        float[] flat = LocalBinaryPattern.Compute(SyntheticImages.PlaneFrom(32, 32, (_, _) => 90));
        Assert.Equal(1f, flat[LocalBinaryPattern.BinOf(255)], 6);
        // Checkerboard: a dark centre sees only brighter-or-equal neighbours (code 255); a bright centre
        // sees darker 4-neighbours and equal diagonals (10101010, not uniform). Half and half.
        float[] checker = LocalBinaryPattern.Compute(SyntheticImages.PlaneFrom(32, 32, (x, y) => (x + y) % 2 == 0 ? 0 : 255));
        Assert.Equal(0.5f, checker[LocalBinaryPattern.NonUniformBin], 6);
        Assert.Equal(0.5f, checker[LocalBinaryPattern.BinOf(255)], 6);
        Assert.Equal(0.5 * (0.25 / 1.5 + 0.25 / 0.5), HistogramDistance.ChiSquare(flat, checker), 6);
    }

    [Fact]
    public void TinyImageIgnoresBrightnessAndContrast()
    {
        Plane a = SyntheticImages.Prepared(SyntheticImages.Scene(4)).Luma;
        Plane b = SyntheticImages.PlaneFrom(256, 256, (x, y) => 0.5 * a[x, y] + 40);
        Assert.Equal(1.0, VectorMath.Cosine(TinyImage.Compute(a), TinyImage.Compute(b)), 5);
        Assert.All(TinyImage.Compute(SyntheticImages.PlaneFrom(256, 256, (_, _) => 77)), v => Assert.Equal(0f, v));
    }
}
