using EpochCompare.Flux.TextEncoding.OwnEngine;
using ITextConditioner = EpochCompare.Flux.TextEncoding.OwnEngine.ITextConditioner;
using TextConditioning = EpochCompare.Flux.TextEncoding.OwnEngine.TextConditioning;
using TinyTextEncoder = EpochCompare.Flux.TextEncoding.OwnEngine.TinyTextEncoder;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Tensors;

namespace EpochCompare.Training.Loop;

/// <summary>The text encoder's parameters, keyed as they are stored in a base checkpoint.</summary>
internal static class TextEncoderWeights
{
    public static IReadOnlyList<Parameter> Of(TinyTextEncoder encoder) => encoder.Parameters;
}
