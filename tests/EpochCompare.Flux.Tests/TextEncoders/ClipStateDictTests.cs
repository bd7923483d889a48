using EpochCompare.Flux.TextEncoders.Clip;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.TextEncoders;

/// <summary>CLIP's state dict holds each weight once, under the clip_l.safetensors name (no field-name aliases).</summary>
public class ClipStateDictTests
{
    [Fact]
    public void StateDictListsEveryHfKeyOnceAndNothingElse()
    {
        var config = new ClipTextConfig(100, 64, 2, 1, 128, 77, ClipActivation.QuickGelu, 1e-5, 99);
        using var model = new ClipTextModel(config, META);

        var keys = model.state_dict().Keys.ToList();

        var expected = new List<string> { "text_model.embeddings.token_embedding.weight", "text_model.embeddings.position_embedding.weight" };
        for (int i = 0; i < config.Layers; i++)
        {
            foreach (string module in new[] { "layer_norm1", "self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj", "self_attn.out_proj", "layer_norm2", "mlp.fc1", "mlp.fc2" })
            {
                expected.Add($"text_model.encoder.layers.{i}.{module}.weight");
                expected.Add($"text_model.encoder.layers.{i}.{module}.bias");
            }
        }
        expected.Add("text_model.final_layer_norm.weight");
        expected.Add("text_model.final_layer_norm.bias");
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(expected.Order(StringComparer.Ordinal), keys.Order(StringComparer.Ordinal));
        Assert.Equal(keys.Order(StringComparer.Ordinal), model.named_parameters().Select(p => p.name).Order(StringComparer.Ordinal));
    }
}
