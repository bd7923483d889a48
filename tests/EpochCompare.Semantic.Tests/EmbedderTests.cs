using EpochCompare.Flux.SafeTensors;
using EpochCompare.Imaging;
using EpochCompare.Semantic.Encoders;
using EpochCompare.Semantic.Loading;
using EpochCompare.Semantic.Preprocessing;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Tests;

public sealed class EmbedderTests
{
    private static string Path(string relative) => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures", relative);

    private static RgbPixels Raw(SafeTensorsFile file, string name)
    {
        SafeTensorEntry raw = file.GetEntry($"raw.{name}");
        return new RgbPixels((int)raw.Shape[1], (int)raw.Shape[0], file.ReadRaw($"raw.{name}"));
    }

    [Fact]
    public void Dinov2_embedder_runs_the_eval_transform_and_the_model_batched()
    {
        using var embedder = Dinov2Embedder.Load(Path("dinov2/dinov2-tiny.safetensors"), CPU, batch: 3);
        using SafeTensorsFile pre = Fixtures.Open("dinov2/dinov2-preprocess.safetensors");
        var images = new[] { "photo", "wide", "tall", "small" }.Select(n => Raw(pre, n)).ToList();
        IReadOnlyList<float[]> batched = embedder.Embed(images);
        Assert.Equal(4, batched.Count);
        Assert.Equal(64, batched[0].Length);

        // The photo is real-size (resize 256, crop 224): its reference pixel values through the same model.
        using var file = Fixtures.Open("dinov2/dinov2-tiny.safetensors");
        var checkpoint = SemanticCheckpoint.Detect(file)!;
        using var model = new Semantic.Dinov2.Dinov2Model(Semantic.Dinov2.Dinov2Model.InferConfig(file, checkpoint));
        SemanticWeights.Load(model, file, checkpoint.Prefix, "DINOv2");
        model.eval();
        using var noGrad = no_grad();
        Tensor expected = model.forward(Fixtures.Read(pre, "pixel_values.photo").unsqueeze(0))[0];
        Fixtures.AssertClose(tensor(batched[0]), expected, 1e-5, "photo cls");
        // Alone equals in the batch (the batch of 3 split the 4 images 3 + 1).
        Fixtures.AssertClose(tensor(embedder.Embed([images[3]])[0]), tensor(batched[3]), 1e-5, "alone");
        Assert.True(Fixtures.RelativeError(tensor(batched[1]), tensor(batched[2])) > 1e-3);
    }

    [Fact]
    public void Clip_embedder_gives_the_fixture_image_embeddings()
    {
        using var embedder = ClipEmbedder.Load(Path("clip-vision/clip-tiny.safetensors"), CPU);
        Assert.Equal(56, embedder.Preprocessing.Crop);
        Assert.Equal(20.0, embedder.LogitScale, 4);
        using SafeTensorsFile pre = Fixtures.Open("clip-vision/clip-preprocess.safetensors");
        using SafeTensorsFile model = Fixtures.Open("clip-vision/clip-tiny.safetensors");
        // input.pixel_values rows 0 and 1 are the preprocessed wide and tall images.
        IReadOnlyList<float[]> embeds = embedder.Embed([Raw(pre, "wide"), Raw(pre, "tall")]);
        Tensor expected = Fixtures.Read(model, "output.image_embeds");
        Fixtures.AssertClose(tensor(embeds[0]), expected[0], 1e-5, "wide");
        Fixtures.AssertClose(tensor(embeds[1]), expected[1], 1e-5, "tall");
    }

    [Fact]
    public void Cache_only_encodes_new_images_and_survives_a_damaged_file()
    {
        using var temp = new TempDirectory();
        using var embedder = Dinov2Embedder.Load(Path("dinov2/dinov2-tiny.safetensors"), CPU);
        var cache = new EmbeddingCache(temp.Path);
        var images = Enumerable.Range(0, 3).Select(i => RgbaImage.Filled(60 + i, 70, new Rgba32((byte)(40 * i), 90, 200, 255))).ToList();
        IReadOnlyList<float[]> first = cache.Embed(embedder, images);
        Assert.Equal(3, cache.LastComputed);

        var more = images.Append(RgbaImage.Filled(80, 64, new Rgba32(10, 20, 30, 255))).ToList();
        IReadOnlyList<float[]> second = cache.Embed(embedder, more);
        Assert.Equal(1, cache.LastComputed);
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(first[i], second[i]);
        }

        string file = Directory.GetFiles(temp.Path).Single();
        Assert.StartsWith(embedder.Fingerprint, System.IO.Path.GetFileName(file));
        File.WriteAllBytes(file, File.ReadAllBytes(file)[..40]);
        IReadOnlyList<float[]> third = cache.Embed(embedder, more);
        Assert.Equal(4, cache.LastComputed);
        Assert.Equal(second[3], third[3]);
    }
}
