using EpochCompare.Flux.SafeTensors;

namespace EpochCompare.Flux.Tests.SafeTensors;

public class SafeTensorsRoundTripTests
{
    private static float[] Ramp(int n, float scale, float offset) => Enumerable.Range(0, n).Select(i => (i - n / 2) * scale + offset).ToArray();

    [Fact]
    public void F32_F16_BF16_and_metadata_round_trip()
    {
        using var dir = new TempDirectory();
        string path = dir.File("a.safetensors");
        float[] f32 = Ramp(24, 0.37f, 0.1f);
        float[] f16 = Ramp(10, 0.25f, 0.5f);   // exact in half precision
        float[] bf16 = Ramp(6, 0.5f, 0.5f);    // exact in bfloat16
        var metadata = new Dictionary<string, string> { ["ss_network_dim"] = "4", ["config"] = "{\"a\": [1, 2]}", ["unicode"] = "épochs +1" };
        SafeTensorsWriter.Write(path,
        [
            new SafeTensorToWrite("w.f16", SafeTensorDType.F16, [2, 5], f16),
            SafeTensorToWrite.F32("w.f32", [2, 3, 4], f32),
            new SafeTensorToWrite("w.bf16", SafeTensorDType.BF16, [6], bf16),
            SafeTensorToWrite.F32("alpha", [], new float[] { 8f }),
            SafeTensorToWrite.F32("empty", [0, 3], Array.Empty<float>()),
        ], metadata);

        using var file = SafeTensorsFile.Open(path);
        Assert.Equal(metadata, file.Metadata);
        Assert.Equal(f32, file.ReadSingles("w.f32"));
        Assert.Equal(f16, file.ReadSingles("w.f16"));
        Assert.Equal(bf16, file.ReadSingles("w.bf16"));
        Assert.Equal(new[] { 8f }, file.ReadSingles("alpha"));
        Assert.Empty(file.ReadSingles("empty"));
        Assert.Equal(SafeTensorDType.F16, file.GetEntry("w.f16").DType);
        Assert.Equal(new long[] { 2, 3, 4 }, file.GetEntry("w.f32").Shape);
        Assert.Empty(file.GetEntry("alpha").Shape);
        Assert.Equal(0, file.Header.DataStart % 8);
        // Wider types first, then by name.
        Assert.Equal(new[] { "alpha", "empty", "w.f32", "w.bf16", "w.f16" }, file.Names.ToArray());
    }

    [Fact]
    public void Writer_output_is_the_same_bytes_whatever_the_input_order()
    {
        using var dir = new TempDirectory();
        var a = SafeTensorToWrite.F32("b", [3], new float[] { 1, 2, 3 });
        var b = new SafeTensorToWrite("a", SafeTensorDType.BF16, [2], new float[] { 1.5f, -2 });
        var c = SafeTensorToWrite.F32("c", [1], new float[] { 7 });
        SafeTensorsWriter.Write(dir.File("1.safetensors"), [a, b, c], new Dictionary<string, string> { ["x"] = "1", ["y"] = "2" });
        SafeTensorsWriter.Write(dir.File("2.safetensors"), [c, b, a], new Dictionary<string, string> { ["y"] = "2", ["x"] = "1" });
        Assert.Equal(File.ReadAllBytes(dir.File("1.safetensors")), File.ReadAllBytes(dir.File("2.safetensors")));
    }

    [Fact]
    public void Writer_refuses_to_overwrite_unless_asked_and_leaves_no_temp_files()
    {
        using var dir = new TempDirectory();
        string path = dir.File("keep.safetensors");
        SafeTensorsWriter.Write(path, [SafeTensorToWrite.F32("x", [1], new float[] { 1 })]);
        byte[] before = File.ReadAllBytes(path);
        Assert.Throws<IOException>(() => SafeTensorsWriter.Write(path, [SafeTensorToWrite.F32("x", [1], new float[] { 2 })]));
        Assert.Equal(before, File.ReadAllBytes(path));

        Assert.Throws<ArgumentException>(() => SafeTensorsWriter.Write(path, [SafeTensorToWrite.F32("x", [2], new float[] { 2 })], overwrite: true));
        Assert.Equal(before, File.ReadAllBytes(path));

        SafeTensorsWriter.Write(path, [SafeTensorToWrite.F32("x", [1], new float[] { 2 })], overwrite: true);
        using (var file = SafeTensorsFile.Open(path))
        {
            Assert.Equal(new[] { 2f }, file.ReadSingles("x"));
        }
        Assert.Equal(new[] { path }, Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Writer_rounds_bf16_to_nearest_even()
    {
        using var dir = new TempDirectory();
        // 1 + 2^-8 is halfway between two bf16 neighbours: ties go to the even one (1.0);
        // 1 + 3*2^-8 is halfway too and goes up to 1 + 2^-6.
        float tieDown = 1 + MathF.Pow(2, -8), tieUp = 1 + 3 * MathF.Pow(2, -8), above = 1 + 1.5f * MathF.Pow(2, -8);
        SafeTensorsWriter.Write(dir.File("r.safetensors"), [new SafeTensorToWrite("r", SafeTensorDType.BF16, [3], new[] { tieDown, tieUp, above })]);
        using var file = SafeTensorsFile.Open(dir.File("r.safetensors"));
        Assert.Equal(new[] { 1f, 1 + MathF.Pow(2, -6), 1 + MathF.Pow(2, -7) }, file.ReadSingles("r"));
    }

    [Fact]
    public void Reads_large_tensor_across_chunk_boundaries()
    {
        using var dir = new TempDirectory();
        // More than one 1 MiB read chunk in BF16 and F32.
        float[] values = Enumerable.Range(0, 700_000).Select(i => (float)(i % 251) - 125f).ToArray();
        SafeTensorsWriter.Write(dir.File("big.safetensors"),
        [
            new SafeTensorToWrite("bf", SafeTensorDType.BF16, [700, 1000], values),
            SafeTensorToWrite.F32("f", [700_000], values),
        ]);
        using var file = SafeTensorsFile.Open(dir.File("big.safetensors"));
        Assert.Equal(values, file.ReadSingles("bf"));
        Assert.Equal(values, file.ReadSingles("f"));
    }

    [Fact]
    public void Reads_the_model_fixtures()
    {
        foreach (string name in new[] { "flux-tiny-dev.safetensors", "flux-tiny-schnell.safetensors" })
        {
            using var file = SafeTensorsFile.Open(FixturePaths.File(name));
            Assert.Contains("\"hidden_size\"", file.Metadata["config"]);
            Assert.All(file.Entries, e => Assert.Equal(SafeTensorDType.F32, e.DType));
            Assert.Contains(file.Names, n => n == "model.double_blocks.0.img_attn.qkv.weight");
            SafeTensorEntry pred = file.GetEntry("output.pred");
            float[] values = file.ReadSingles("output.pred");
            Assert.Equal(pred.ElementCount, values.Length);
            Assert.Contains(values, v => v != 0);
            Assert.All(values, v => Assert.True(float.IsFinite(v)));
        }
    }
}
