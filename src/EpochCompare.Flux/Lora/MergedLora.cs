using EpochCompare.Flux.Modules;

namespace EpochCompare.Flux.Lora;

/// <summary>A LoRA merged into the base weights; disposing puts the saved base weights back bit for bit.</summary>
public sealed class MergedLora : IDisposable
{
    private List<(Linear Linear, float[] Base)>? _saved;

    internal MergedLora(List<(Linear Linear, float[] Base)> saved) => _saved = saved;

    public void Dispose()
    {
        if (_saved is null)
        {
            return;
        }
        foreach ((Linear linear, float[] baseWeight) in _saved)
        {
            baseWeight.CopyTo(linear.Weight.Value.Span);
        }
        _saved = null;
    }
}
