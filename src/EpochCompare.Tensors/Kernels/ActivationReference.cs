namespace EpochCompare.Tensors.Kernels;

/// <summary>Plain double-precision SiLU and GELU(tanh), forward and derivative, to test <see cref="ActivationKernels"/> against.</summary>
internal static class ActivationReference
{
    private const double GeluC = 0.79788456080286535588; // sqrt(2/pi)
    private const double GeluA = 0.044715;

    public static double Silu(double x) => x / (1 + Math.Exp(-x));

    public static double SiluDerivative(double x)
    {
        double s = 1 / (1 + Math.Exp(-x));
        return s * (1 + x * (1 - s));
    }

    public static double Gelu(double x) => 0.5 * x * (1 + Math.Tanh(GeluC * (x + GeluA * x * x * x)));

    public static double GeluDerivative(double x)
    {
        double t = Math.Tanh(GeluC * (x + GeluA * x * x * x));
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * GeluC * (1 + 3 * GeluA * x * x);
    }
}
