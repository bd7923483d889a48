using System.Numerics;

namespace EpochCompare.Evaluation.Features;

/// <summary>Bits that differ between two 64-bit hashes. Unrelated balanced hashes differ in ~32 +- 4 bits.</summary>
public static class HammingDistance
{
    public const int HashBits = 64;

    public static int Between(ulong a, ulong b) => BitOperations.PopCount(a ^ b);
}
