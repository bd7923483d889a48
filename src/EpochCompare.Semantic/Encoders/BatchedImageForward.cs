using EpochCompare.Semantic.Preprocessing;
using static TorchSharp.torch;

namespace EpochCompare.Semantic.Encoders;

/// <summary>
/// Runs an image tower over images in fixed-size batches: preprocess a batch onto the device, forward
/// without gradients, one float vector per image back on the CPU. Each batch's tensors die with its scope.
/// </summary>
internal sealed class BatchedImageForward(VitPreprocessing preprocessing, Func<Tensor, Tensor> forward, Device device, int batch)
{
    public IReadOnlyList<float[]> Embed(IReadOnlyList<RgbPixels> images)
    {
        var result = new List<float[]>(images.Count);
        for (int start = 0; start < images.Count; start += batch)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var chunk = images.Skip(start).Take(batch).ToList();
            Tensor vectors = forward(preprocessing.Batch(chunk, device)).cpu();
            for (int i = 0; i < chunk.Count; i++)
            {
                result.Add(vectors[i].data<float>().ToArray());
            }
        }
        return result;
    }
}
