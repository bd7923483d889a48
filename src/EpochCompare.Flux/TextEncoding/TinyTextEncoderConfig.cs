namespace EpochCompare.Flux.TextEncoding;

/// <summary>
/// Shape of flux-tiny's text encoder. <see cref="Width"/> is also the context dim handed to the
/// transformer (its context_in_dim); <see cref="PooledDim"/> is its vec_in_dim.
/// </summary>
public sealed record TinyTextEncoderConfig(int Width, int PooledDim, int Layers, int Heads, int MlpRatio = 4)
{
    /// <summary>Matches the flux-tiny transformer preset (context_in 128, vec_in 128).</summary>
    public static TinyTextEncoderConfig FluxTiny { get; } = new(Width: 128, PooledDim: 128, Layers: 2, Heads: 2);

    public void Validate()
    {
        if (Width <= 0 || PooledDim <= 0 || Layers < 1 || Heads < 1 || MlpRatio < 1 || Width % Heads != 0)
        {
            throw new ArgumentException(
                $"text encoder config: width {Width} must be positive and divisible by {Heads} heads; pooled {PooledDim}, layers {Layers}, mlp ratio {MlpRatio} must be positive");
        }
    }
}
