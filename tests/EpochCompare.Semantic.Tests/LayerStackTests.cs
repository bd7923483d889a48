using EpochCompare.Semantic.Clip;
using EpochCompare.Semantic.Dinov2;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Tests;

/// <summary>The towers keep one activation alive: what a forward leaves in the caller's scope does not grow with depth.</summary>
public sealed class LayerStackTests
{
    private static long LeftInScope(Func<Tensor, Tensor> forward)
    {
        using var noGrad = no_grad();
        using Tensor pixels = rand(2, 3, 28, 28);
        using var scope = NewDisposeScope();
        forward(pixels);
        return scope.DisposablesCount;
    }

    [Fact]
    public void Dinov2_forward_leaves_as_many_tensors_for_six_blocks_as_for_one()
    {
        long Left(int layers)
        {
            using var model = new Dinov2Model(new Dinov2Config(32, layers, 2, 4, 28, 14));
            model.eval();
            return LeftInScope(model.forward);
        }
        Assert.Equal(Left(1), Left(6));
    }

    [Fact]
    public void Clip_vision_forward_leaves_as_many_tensors_for_six_blocks_as_for_one()
    {
        long Left(int layers)
        {
            using var model = new ClipVisionTransformer(new ClipVisionConfig(32, 64, 2, layers, 28, 14));
            model.eval();
            return LeftInScope(model.forward);
        }
        Assert.Equal(Left(1), Left(6));
    }
}
