namespace EpochCompare.Semantic.Loading;

/// <summary>A weights file that cannot serve as the encoder asked for; the message is one line naming the file.</summary>
public sealed class SemanticWeightsException(string message, Exception? inner = null) : Exception(message, inner);
