namespace EpochCompare.Tensors.Kernels;

/// <summary>Which micro-kernel a GEMM runs on. <see cref="Auto"/> picks the widest one the CPU accelerates.</summary>
public enum GemmPath
{
    Auto,
    Vector512,
    Vector256,
    Scalar,
}
