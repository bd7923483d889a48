using EpochCompare.Flux.TextEncoders.Clip;
using EpochCompare.Flux.TextEncoders.T5;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.TextEncoders;

/// <summary>
/// FLUX's two text encoders behind one call, as BFL's pipeline runs them: T5 at 256 (schnell) or 512 (dev)
/// tokens with no attention mask, CLIP-L at 77 tokens, pooled. Encode every prompt once with
/// <see cref="EncodeAll"/>, then dispose this (T5-XXL alone is 9.5 GB in bf16) and sample from the encodings.
/// </summary>
public sealed class FluxPromptEncoder : IDisposable
{
    private readonly T5EncoderModel _t5;
    private readonly ClipTextModel _clip;
    private readonly int _t5Length;

    /// <summary>Takes ownership of both encoders.</summary>
    public FluxPromptEncoder(T5EncoderModel t5, ClipTextModel clip, int t5Length)
    {
        _t5 = t5;
        _clip = clip;
        _t5Length = t5Length;
    }

    /// <summary>Each distinct prompt encoded once; the caller owns the returned tensors (they outlive this encoder).</summary>
    public Dictionary<string, FluxTextConditioning> EncodeAll(IEnumerable<string> prompts)
    {
        var encodings = new Dictionary<string, FluxTextConditioning>(StringComparer.Ordinal);
        foreach (string prompt in prompts)
        {
            if (!encodings.ContainsKey(prompt))
            {
                encodings[prompt] = Encode(prompt);
            }
        }
        return encodings;
    }

    public FluxTextConditioning Encode(string prompt)
    {
        using var scope = torch.NewDisposeScope();
        using var noGrad = torch.no_grad();
        T5Tokens t5Tokens = T5Tokenizer.T5V11.Encode(prompt, _t5Length);
        ClipTokens clipTokens = ClipTokenizer.ClipL.Encode(prompt, _clip.Config.MaxPositions);
        Device device = _t5.parameters().First().device;
        Tensor t5Ids = torch.tensor(t5Tokens.InputIds.Select(i => (long)i).ToArray(), device: device).unsqueeze(0);
        Tensor clipIds = torch.tensor(clipTokens.InputIds.Select(i => (long)i).ToArray(), device: _clip.parameters().First().device).unsqueeze(0);
        using T5EncoderOutput t5 = _t5.forward(t5Ids);
        using ClipTextOutput clip = _clip.forward(clipIds);
        Tensor txt = t5.LastHiddenState.detach().clone();
        Tensor vec = clip.Pooled.detach().clone();
        return new FluxTextConditioning(txt.MoveToOuterDisposeScope(), vec.MoveToOuterDisposeScope());
    }

    public void Dispose()
    {
        _t5.Dispose();
        _clip.Dispose();
    }
}
