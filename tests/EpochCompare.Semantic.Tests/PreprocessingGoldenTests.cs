using System.Text.Json;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Semantic.Preprocessing;

namespace EpochCompare.Semantic.Tests;

public sealed class PreprocessingGoldenTests
{
    public static TheoryData<string> ClipFiles => Fixtures.Files("clip-vision");

    public static TheoryData<string> Dinov2Files => Fixtures.Files("dinov2");

    [Theory]
    [MemberData(nameof(ClipFiles))]
    public void Clip_preprocessing_matches_openai_transform(string fixture) =>
        CheckFile(fixture, (edge, crop) => VitPreprocessing.Clip(edge) with { Crop = crop });

    [Theory]
    [MemberData(nameof(Dinov2Files))]
    public void Dinov2_preprocessing_matches_meta_eval_transform(string fixture) =>
        CheckFile(fixture, (edge, crop) => VitPreprocessing.Dinov2(edge, crop));

    [Fact]
    public void Crop_offset_rounds_half_to_even_like_torchvision()
    {
        Assert.Equal(10, VitPreprocessing.CropOffset(75, 56)); // 9.5 -> 10
        Assert.Equal(38, VitPreprocessing.CropOffset(299, 224)); // 37.5 -> 38
        Assert.Equal(4, VitPreprocessing.CropOffset(65, 56)); // 4.5 -> 4
    }

    private static void CheckFile(string fixture, Func<int, int, VitPreprocessing> make)
    {
        using SafeTensorsFile file = Fixtures.Open(fixture);
        if (!Fixtures.IsPreprocessing(file))
        {
            Assert.True(file.Contains("input.pixel_values") || file.Names.Any(n => n.EndsWith(".pixel_values", StringComparison.Ordinal)), $"{fixture}: neither a model nor a preprocessing fixture");
            return;
        }
        float[] mean = JsonSerializer.Deserialize<float[]>(file.Metadata["mean"])!;
        float[] std = JsonSerializer.Deserialize<float[]>(file.Metadata["std"])!;
        using var images = JsonDocument.Parse(file.Metadata["images"]);
        int checkedImages = 0;
        foreach (JsonProperty image in images.RootElement.EnumerateObject())
        {
            string name = image.Name;
            int edge = image.Value.GetProperty("shortest_edge").GetInt32();
            int crop = image.Value.GetProperty("crop").GetInt32();
            VitPreprocessing preprocessing = make(edge, crop);
            Assert.Equal(mean, preprocessing.Mean);
            Assert.Equal(std, preprocessing.Std);

            SafeTensorEntry raw = file.GetEntry($"raw.{name}");
            var pixels = new RgbPixels((int)raw.Shape[1], (int)raw.Shape[0], file.ReadRaw($"raw.{name}"));
            RgbPixels resized = preprocessing.ResizeShortSide(pixels);
            SafeTensorEntry expectedResized = file.GetEntry($"resized.{name}");
            Assert.Equal(expectedResized.Shape[0], resized.Height);
            Assert.Equal(expectedResized.Shape[1], resized.Width);
            byte[] expectedBytes = file.ReadRaw($"resized.{name}");
            int mismatches = expectedBytes.Where((b, i) => b != resized.Rgb[i]).Count();
            Assert.True(mismatches == 0, $"{fixture} {name}: {mismatches} of {expectedBytes.Length} resized bytes differ from Pillow");

            int[] offsets = image.Value.GetProperty("crop_top_left_torchvision").EnumerateArray().Select(e => e.GetInt32()).ToArray();
            Assert.Equal(offsets[0], VitPreprocessing.CropOffset(resized.Height, crop));
            Assert.Equal(offsets[1], VitPreprocessing.CropOffset(resized.Width, crop));

            float[] values = preprocessing.PixelValues(pixels);
            float[] reference = file.ReadSingles($"pixel_values.{name}");
            double maxError = values.Zip(reference, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(maxError <= 1e-6, $"{fixture} {name}: pixel values off by {maxError:E2}");

            // The transformers variant floors the offset; where the two differ we must follow the original.
            if (!image.Value.GetProperty("hf_equals_upstream").GetBoolean())
            {
                float[] hf = file.ReadSingles($"pixel_values_hf.{name}");
                Assert.True(values.Zip(hf, (a, b) => Math.Abs(a - b)).Max() > 1e-3, $"{name}: expected to differ from the transformers crop");
            }
            checkedImages++;
        }
        Assert.True(checkedImages >= 4, $"{fixture}: only {checkedImages} images");
    }
}
