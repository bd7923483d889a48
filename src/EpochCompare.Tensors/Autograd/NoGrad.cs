namespace EpochCompare.Tensors;

/// <summary>
/// While alive (on this thread), ops record no graph at all: outputs never require grad and no input is
/// kept alive for a backward pass. Use for sampling and evaluation: <c>using var _ = new NoGrad();</c>
/// </summary>
public sealed class NoGrad : IDisposable
{
    [ThreadStatic]
    private static int _depth;

    private bool _disposed;

    public NoGrad() => _depth++;

    /// <summary>False inside a <see cref="NoGrad"/> scope.</summary>
    public static bool IsGradEnabled => _depth == 0;

    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            _depth--;
        }
    }
}
