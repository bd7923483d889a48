namespace EpochCompare.Flux.SafeTensors;

/// <summary>
/// torch.float8_e4m3fn (safetensors "F8_E4M3"), used by community fp8 FLUX checkpoints:
/// 1 sign, 4 exponent (bias 7), 3 mantissa bits, no infinities, S.1111.111 is NaN.
/// </summary>
public static class Float8E4M3
{
    private static readonly float[] Table = BuildTable();

    public static float ToSingle(byte bits) => Table[bits];

    private static float[] BuildTable()
    {
        var table = new float[256];
        for (int b = 0; b < 256; b++)
        {
            int sign = (b >> 7) & 1, exponent = (b >> 3) & 0xF, mantissa = b & 7;
            float magnitude;
            if (exponent == 0xF && mantissa == 7)
            {
                magnitude = float.NaN;
            }
            else if (exponent == 0)
            {
                magnitude = mantissa / 8f * MathF.Pow(2, -6);
            }
            else
            {
                magnitude = (1 + mantissa / 8f) * MathF.Pow(2, exponent - 7);
            }
            table[b] = sign == 1 ? -magnitude : magnitude;
        }
        return table;
    }
}
