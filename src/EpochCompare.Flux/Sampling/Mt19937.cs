namespace EpochCompare.Flux.Sampling;

/// <summary>
/// The standard 32-bit Mersenne Twister, seeded the way PyTorch's CPU generator seeds it:
/// only the low 32 bits of the 64-bit seed reach the state (so seed 2^40 + 3 draws like seed 3).
/// </summary>
public sealed class Mt19937
{
    private const int StateSize = 624;
    private const int ShiftSize = 397;
    private const uint MatrixA = 0x9908B0DFu;
    private const uint UpperMask = 0x80000000u;
    private const uint LowerMask = 0x7FFFFFFFu;

    private readonly uint[] _state = new uint[StateSize];
    private int _next;

    public Mt19937(ulong seed)
    {
        _state[0] = (uint)(seed & 0xFFFFFFFFu);
        for (int i = 1; i < StateSize; i++)
        {
            uint previous = _state[i - 1];
            _state[i] = unchecked(1812433253u * (previous ^ (previous >> 30)) + (uint)i);
        }
        _next = StateSize;
    }

    /// <summary>The next tempered 32-bit output.</summary>
    public uint NextUInt32()
    {
        if (_next >= StateSize)
        {
            Twist();
        }
        uint y = _state[_next++];
        y ^= y >> 11;
        y ^= (y << 7) & 0x9D2C5680u;
        y ^= (y << 15) & 0xEFC60000u;
        y ^= y >> 18;
        return y;
    }

    /// <summary>Two draws joined high word first, as PyTorch's <c>random64()</c> does.</summary>
    public ulong NextUInt64()
    {
        ulong high = NextUInt32();
        ulong low = NextUInt32();
        return (high << 32) | low;
    }

    private void Twist()
    {
        for (int k = 0; k < StateSize; k++)
        {
            uint y = (_state[k] & UpperMask) | (_state[(k + 1) % StateSize] & LowerMask);
            uint mixed = _state[(k + ShiftSize) % StateSize] ^ (y >> 1);
            _state[k] = (y & 1u) != 0 ? mixed ^ MatrixA : mixed;
        }
        _next = 0;
    }
}
