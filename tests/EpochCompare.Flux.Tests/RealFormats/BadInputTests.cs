using EpochCompare.Flux.Weights;

namespace EpochCompare.Flux.Tests.RealFormats;

/// <summary>Wrong files fail with one line that names the file and the problem.</summary>
public class BadInputTests
{
    private static string OneLine(Exception error)
    {
        Assert.DoesNotContain('\n', error.Message);
        return error.Message;
    }

    [Fact]
    public void T5GivenAsClipSaysWhatItIs()
    {
        using var temp = new TempDirectory();
        string path = temp.File("t5xxl_fp16.safetensors");
        RawSafeTensors.Write(path, RealHeaders.T5Xxl());
        var error = Assert.Throws<InvalidDataException>(() => ComponentWeights.Open(path, ModelComponent.ClipL));
        Assert.Equal("t5xxl_fp16.safetensors: not a CLIP text encoder: it holds a T5 encoder.", OneLine(error));
    }

    [Fact]
    public void TransformerGivenAsVaeSaysWhatItIs()
    {
        using var temp = new TempDirectory();
        string path = temp.File("flux1-schnell.safetensors");
        RawSafeTensors.Write(path, RealHeaders.FluxTransformer(dev: false));
        var error = Assert.Throws<InvalidDataException>(() => ComponentWeights.Open(path, ModelComponent.Autoencoder));
        Assert.Equal("flux1-schnell.safetensors: not a FLUX autoencoder: it holds a FLUX transformer.", OneLine(error));
    }

    [Fact]
    public void UnknownLayoutNamesTheProbeAndTheFirstKey()
    {
        using var temp = new TempDirectory();
        string path = temp.File("mystery.safetensors");
        RawSafeTensors.Write(path, [new RawTensor("cond_stage_model.weird.weight", "F16", [4, 4])]);
        var error = Assert.Throws<InvalidDataException>(() => ComponentWeights.Open(path, ModelComponent.ClipL));
        Assert.StartsWith("mystery.safetensors: not a CLIP text encoder: unknown layout", OneLine(error));
        Assert.Contains("'cond_stage_model.weird.weight'", error.Message);
    }

    [Fact]
    public void TruncatedShardIsNamed()
    {
        using var temp = new TempDirectory();
        DiffusersRepository.WriteShards(temp.Path, RealHeaders.T5Xxl(), "model");
        string shard = temp.File("model-00002-of-00002.safetensors");
        using (var stream = new FileStream(shard, FileMode.Open))
        {
            stream.SetLength(stream.Length - 1000);
        }
        var error = Assert.Throws<InvalidDataException>(() => ComponentWeights.Open(temp.Path, ModelComponent.T5));
        Assert.StartsWith("model-00002-of-00002.safetensors: ", OneLine(error));
    }

    [Fact]
    public void MissingShardAndMissingIndexEntryAreNamed()
    {
        using var temp = new TempDirectory();
        DiffusersRepository.WriteShards(temp.Path, RealHeaders.T5Xxl(), "model");
        string index = temp.File("model.safetensors.index.json");
        string json = File.ReadAllText(index);

        File.WriteAllText(index, json.Replace("\"encoder.final_layer_norm.weight\":\"model-00002-of-00002.safetensors\",", "", StringComparison.Ordinal)
            .Replace(",\"encoder.final_layer_norm.weight\":\"model-00002-of-00002.safetensors\"", "", StringComparison.Ordinal));
        var unlisted = Assert.Throws<InvalidDataException>(() => ComponentWeights.Open(temp.Path, ModelComponent.T5));
        Assert.Equal("model.safetensors.index.json: no index entry for 'encoder.final_layer_norm.weight' (in model-00002-of-00002.safetensors).", OneLine(unlisted));

        File.WriteAllText(index, json);
        File.Delete(temp.File("model-00001-of-00002.safetensors"));
        var missing = Assert.Throws<InvalidDataException>(() => ComponentWeights.Open(temp.Path, ModelComponent.T5));
        Assert.Equal("model.safetensors.index.json: shard 'model-00001-of-00002.safetensors' named in the index is missing.", OneLine(missing));
    }
}
