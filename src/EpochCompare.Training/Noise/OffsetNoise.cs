namespace EpochCompare.Training.Noise;

/// <summary>
/// Offset noise (sd-scripts <c>apply_noise_offset</c>): noise += offset x N(0, 1) drawn once per
/// (sample, channel) and added to every pixel of that channel, so the model can learn to move the
/// mean brightness. With random strength the offset is first scaled by one U(0, 1) per step.
/// </summary>
public sealed record OffsetNoise(double Offset, bool RandomStrength = false)
{
    public void Apply(Span<float> noise, NoiseShape shape, IRandomSource random)
    {
        shape.RequireLength(noise.Length, "offset noise");
        double offset = RandomStrength ? random.NextDouble() * Offset : Offset;
        var perChannel = new float[shape.Planes];
        random.FillNormal(perChannel);
        for (int plane = 0; plane < shape.Planes; plane++)
        {
            float shift = (float)(offset * perChannel[plane]);
            Span<float> values = noise.Slice(plane * shape.PlaneSize, shape.PlaneSize);
            for (int i = 0; i < values.Length; i++)
            {
                values[i] += shift;
            }
        }
    }
}
