using EpochCompare.Evaluation.Preprocessing;
using EpochCompare.Imaging;

namespace EpochCompare.Evaluation.Tests.Features;

public class PreprocessingTests
{
    [Fact]
    public void AreaResamplingPreservesTheMean()
    {
        var random = new Random(9);
        Plane source = SyntheticImages.PlaneFrom(301, 173, (_, _) => random.Next(256));
        Plane small = AreaResampler.Resample(source, 37, 19);
        Assert.Equal(source.Data.Average(v => (double)v), small.Data.Average(v => (double)v), 2);
    }

    [Fact]
    public void CanvasIsTheCentreSquare()
    {
        // 512x256: left and right quarters red, centre square blue -> the canvas is all blue.
        var image = new RgbaImage(512, 256);
        for (int y = 0; y < 256; y++)
        {
            for (int x = 0; x < 512; x++)
            {
                image[x, y] = x < 128 || x >= 384 ? new Rgba32(255, 0, 0) : new Rgba32(0, 0, 255);
            }
        }
        AnalysisImage canvas = AnalysisCanvas.Prepare(image);
        Assert.Equal(AnalysisCanvas.Size, canvas.Size);
        Assert.All(canvas.Red.Data, v => Assert.Equal(0f, v));
        Assert.All(canvas.Blue.Data, v => Assert.Equal(255f, v));
    }

    [Fact]
    public void TransparencyIsCompositedOverWhite()
    {
        AnalysisImage canvas = AnalysisCanvas.Prepare(RgbaImage.Filled(16, 16, new Rgba32(0, 0, 0, 0)));
        Assert.All(canvas.Luma.Data, v => Assert.Equal(255f, v, 3));
    }
}
