using System.Numerics;
using EpochCompare.Imaging.Drawing;

namespace EpochCompare.Imaging.Tests.Drawing;

public class CanvasTests
{
    private static readonly Rgba32 Red = new(255, 0, 0);

    [Fact]
    public void TransformsPlaceShapesWhereExpected()
    {
        var image = RgbaImage.Filled(20, 20, Rgba32.White);
        var canvas = new Canvas(image);
        // Unit square scaled by 4, then moved to (10, 2): covers x 10..13, y 2..5.
        var builder = new PathBuilder().Translate(10, 2).Scale(4);
        canvas.Fill(builder.AddRectangle(0, 0, 1, 1).Build(), Red);
        Assert.Equal(Red, image[10, 2]);
        Assert.Equal(Red, image[13, 5]);
        Assert.Equal(Rgba32.White, image[14, 5]);
        Assert.Equal(Rgba32.White, image[9, 2]);

        // A 90 degree rotation about (5, 15) turns a horizontal bar into a vertical one.
        var rotated = new PathBuilder().Rotate(MathF.PI / 2, 5, 15).AddRectangle(1, 14, 8, 2).Build();
        byte[] mask = Rasterizer.CoverageMask(rotated, 20, 20);
        Assert.Equal(255, mask[12 * 20 + 4]);
        Assert.Equal(255, mask[18 * 20 + 5]);
        Assert.Equal(0, mask[15 * 20 + 8]);
    }

    [Fact]
    public void SaveAndRestoreBringBackTheTransform()
    {
        var builder = new PathBuilder().Translate(3, 4).Save().Scale(10).Restore();
        Assert.Equal(Matrix3x2.CreateTranslation(3, 4), builder.Transform);
        Assert.Throws<InvalidOperationException>(() => new PathBuilder().Restore());
        Assert.Throws<InvalidOperationException>(() => new PathBuilder().LineTo(1, 1));
    }

    [Fact]
    public void HalfTransparentWhiteOverBlackIsMidGrey()
    {
        var image = RgbaImage.Filled(4, 4, Rgba32.Black);
        new Canvas(image).Fill(new PathBuilder().AddRectangle(0, 0, 4, 4).Build(), new Rgba32(255, 255, 255, 128));
        Assert.Equal(new Rgba32(128, 128, 128, 255), image[1, 1]);

        // Onto a transparent canvas the color keeps its own alpha.
        var clear = new RgbaImage(2, 2);
        new Canvas(clear).FillRectangle(new PixelRect(0, 0, 2, 2), new Rgba32(10, 200, 30, 100));
        Assert.Equal(new Rgba32(10, 200, 30, 100), clear[0, 0]);
    }

    [Fact]
    public void StrokeOfAHorizontalLineCoversExactlyItsWidth()
    {
        var line = new PathBuilder().AddPolyline(new Vector2(2, 5), new Vector2(18, 5)).Build();
        byte[] mask = Rasterizer.CoverageMask(Stroker.Stroke(line, new StrokeStyle(2, Cap: LineCap.Butt)), 20, 10);
        Assert.Equal(255, mask[4 * 20 + 10]);
        Assert.Equal(255, mask[5 * 20 + 10]);
        Assert.Equal(0, mask[3 * 20 + 10]);
        Assert.Equal(0, mask[6 * 20 + 10]);
        Assert.Equal(0, mask[5 * 20 + 1]);
        Assert.InRange(mask.Sum(b => (double)b) / 255, 31.9, 32.1);
    }

    [Fact]
    public void SelfCrossingStrokeHasNoHoleWhereItOverlaps()
    {
        // Segments, joins and caps overlap; equal winding keeps them one solid shape.
        var cross = new PathBuilder().AddPolyline(new Vector2(2, 2), new Vector2(18, 18), new Vector2(18, 2), new Vector2(2, 18)).Build();
        byte[] mask = Rasterizer.CoverageMask(Stroker.Stroke(cross, StrokeStyle.Of(3)), 20, 20);
        Assert.Equal(255, mask[10 * 20 + 10]);
        Assert.Equal(255, mask[18 * 20 + 18]); // join
        Assert.Equal(255, mask[2 * 20 + 2]);   // round cap
    }

    [Fact]
    public void MiterJoinFillsTheOuterCorner()
    {
        var corner = new PathBuilder().AddRectangle(4, 4, 10, 10).Build();
        byte[] miter = Rasterizer.CoverageMask(Stroker.Stroke(corner, new StrokeStyle(2, LineJoin.Miter)), 20, 20);
        byte[] bevel = Rasterizer.CoverageMask(Stroker.Stroke(corner, new StrokeStyle(2, LineJoin.Bevel)), 20, 20);
        Assert.Equal(255, miter[3 * 20 + 3]);
        Assert.True(bevel[3 * 20 + 3] < 160);
        Assert.Equal(0, miter[8 * 20 + 8]); // the inside stays empty
    }

    [Fact]
    public void GradientsInterpolateBetweenStops()
    {
        var image = RgbaImage.Filled(256, 4, Rgba32.Black);
        var canvas = new Canvas(image);
        var linear = new LinearGradientBrush(new Vector2(0, 0), new Vector2(256, 0),
            new GradientStop(0, Rgba32.Black), new GradientStop(1, Rgba32.White));
        canvas.Fill(new PathBuilder().AddRectangle(0, 0, 256, 4).Build(), linear);
        Assert.InRange(image[0, 1].R, 0, 2);
        Assert.InRange(image[128, 1].R, 126, 130);
        Assert.InRange(image[255, 1].R, 253, 255);

        var disc = RgbaImage.Filled(41, 41, Rgba32.Black);
        var radial = new RadialGradientBrush(new Vector2(20.5f, 20.5f), 20,
            new GradientStop(0, Red), new GradientStop(1, new Rgba32(0, 0, 255)));
        new Canvas(disc).Fill(new PathBuilder().AddRectangle(0, 0, 41, 41).Build(), radial);
        Assert.Equal(Red, disc[20, 20]);
        Assert.InRange(disc[30, 20].R, 120, 135);   // half way out
        Assert.Equal(new Rgba32(0, 0, 255), disc[0, 0]); // beyond the radius pads with the last stop
    }

    [Fact]
    public void ClipAndImageBlitsStayInsideTheirRectangles()
    {
        var image = RgbaImage.Filled(10, 10, Rgba32.White);
        var canvas = new Canvas(image) { Clip = new PixelRect(2, 2, 4, 4) };
        canvas.Fill(new PathBuilder().AddRectangle(0, 0, 10, 10).Build(), Red);
        Assert.Equal(Red, image[2, 2]);
        Assert.Equal(Red, image[5, 5]);
        Assert.Equal(Rgba32.White, image[6, 5]);
        Assert.Equal(Rgba32.White, image[1, 1]);

        canvas.ResetClip();
        var stamp = RgbaImage.Filled(3, 3, new Rgba32(0, 0, 255));
        stamp[1, 1] = Rgba32.Transparent;
        canvas.DrawImage(stamp, 8, 8); // partly off the image
        Assert.Equal(new Rgba32(0, 0, 255), image[8, 8]);
        Assert.Equal(Rgba32.White, image[9, 9]); // the transparent pixel leaves the destination
    }
}
