namespace EpochCompare.Training.Noise;

/// <summary>
/// Derives independent generator seeds from the run seed and a position (an epoch, or a sample's place in
/// the run's sample stream), so the draws for a sample do not depend on how the run got there: a resumed
/// run needs only the step number to continue bit for bit, no generator state is saved, and the same
/// sample gets the same noise whether it is trained at batch 2 or at batch 1 with accumulation 2.
/// </summary>
public static class RandomStreams
{
    /// <summary>What a stream is used for; each purpose gets its own seeds.</summary>
    public enum Purpose : ulong
    {
        DataOrder = 1,
        Noise = 2,
        Timesteps = 3,
        Augmentation = 4,
        CaptionDropout = 5,
        Initialisation = 6,
        BatchNoise = 7,
    }

    public static ulong Seed(ulong runSeed, Purpose purpose, long position)
    {
        ulong x = SplitMix(runSeed ^ SplitMix((ulong)purpose * 0x9E3779B97F4A7C15UL));
        return SplitMix(x ^ (ulong)position);
    }

    public static TorchRandomSource Create(ulong runSeed, Purpose purpose, long position) =>
        new(Seed(runSeed, purpose, position) & 0xFFFFFFFFUL);

    private static ulong SplitMix(ulong z)
    {
        z = unchecked(z + 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }
}
