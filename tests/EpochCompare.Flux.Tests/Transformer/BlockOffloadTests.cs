using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.Transformer;
using EpochCompare.Flux.Weights;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.Transformer;

/// <summary>
/// <c>--offload blocks</c> on the CPU: the "device" is the CPU too, but every visit still copies the block's weights
/// (new storage), so which block is "on the device" is which block's weights are not their resting storage.
/// </summary>
public class BlockOffloadTests
{
    private static readonly FluxParams P = TinyDevLayout.Params;

    private static string WriteCheckpoint(TempDirectory dir)
    {
        using var model = new FluxTransformer(P);
        string path = dir.File("flux1-dev.safetensors");
        SafeTensorsWriter.Write(path, model.state_dict().Select(kv => SafeTensorTorch.ToWrite(kv.Key, kv.Value, SafeTensorDType.BF16)).ToList());
        return path;
    }

    private static FluxInput Input()
    {
        using var generator = new torch.Generator(5);
        const int side = 2, text = 3;
        return new FluxInput(
            torch.randn([1, side * side, P.InChannels], generator: generator),
            torch.tensor(LatentPacking.ImageIds(1, side, side), [1, side * side, 3]),
            torch.randn([1, text, P.ContextInDim], generator: generator),
            torch.zeros(1, text, 3),
            torch.tensor(new[] { 0.7f }),
            torch.randn([1, P.VecInDim], generator: generator),
            torch.tensor(new[] { 3.5f }));
    }

    private static Tensor Forward(FluxTransformer model, FluxInput input)
    {
        using var noGrad = no_grad();
        return model.forward(input);
    }

    [Theory]
    [InlineData(Float8Mode.Upcast)]
    [InlineData(Float8Mode.Quantize)]
    public void Offloaded_outputs_equal_the_resident_model_bit_for_bit(Float8Mode float8)
    {
        using var dir = new TempDirectory();
        string path = WriteCheckpoint(dir);
        var precision = new LoadPrecision(ScalarType.Float32, float8);
        using TransformerCheckpoint checkpoint = TransformerCheckpoint.Open(path);
        using FluxTransformer resident = TransformerLoader.Load(checkpoint, CPU, precision);
        using FluxTransformer offloaded = TransformerLoader.Load(checkpoint, CPU, precision, key => CPU);
        using BlockOffload offload = BlockOffload.Attach(offloaded, CPU);
        FluxInput input = Input();

        using Tensor expected = Forward(resident, input);
        using Tensor first = Forward(offloaded, input);
        using Tensor second = Forward(offloaded, input); // the blocks came back intact and visit again

        byte[] want = expected.contiguous().bytes.ToArray();
        Assert.Equal(want, first.contiguous().bytes.ToArray());
        Assert.Equal(want, second.contiguous().bytes.ToArray());
        Assert.Equal(0, offload.Visiting);
    }

    [Fact]
    public void Only_the_running_block_is_on_the_device_during_a_forward()
    {
        using var dir = new TempDirectory();
        using TransformerCheckpoint checkpoint = TransformerCheckpoint.Open(WriteCheckpoint(dir));
        using FluxTransformer model = TransformerLoader.Load(checkpoint, CPU, new LoadPrecision(ScalarType.Float32), key => CPU);
        using BlockOffload offload = BlockOffload.Attach(model, CPU);
        var blocks = model.named_modules().Where(m => BlockOffload.IsBlockKey(m.name + ".") && m.name.Count(c => c == '.') == 1).ToList();
        Assert.Equal(P.Depth + P.DepthSingleBlocks, blocks.Count);
        // The resting storage of every weight, and of the weights that never move.
        var resting = blocks.ToDictionary(b => b.name, b => b.module.parameters().Select(p => p.alias()).ToList());
        var stay = model.named_parameters().Where(p => !BlockOffload.IsBlockKey(p.name)).Select(p => (p.name, Alias: p.parameter.alias())).ToList();
        static bool SameStorage(Tensor a, Tensor b) => Unsafe.AreSame(ref MemoryMarshal.GetReference(a.bytes), ref MemoryMarshal.GetReference(b.bytes));
        List<string> OnDevice() => blocks
            .Where(b => b.module.parameters().Zip(resting[b.name]).Any(pair => !SameStorage(pair.First, pair.Second)))
            .Select(b => b.name)
            .ToList();

        var observed = new List<(string Running, List<string> OnDevice, int Visiting)>();
        foreach ((string name, nn.Module block) in blocks)
        {
            foreach (Linear linear in block.modules().OfType<Linear>())
            {
                linear.register_forward_hook((_, _, output) =>
                {
                    observed.Add((name, OnDevice(), offload.Visiting));
                    return output;
                });
            }
        }
        Assert.Empty(OnDevice());

        using Tensor output = Forward(model, Input());

        Assert.Equal(blocks.Select(b => b.name), observed.Select(o => o.Running).Distinct());
        foreach ((string running, List<string> onDevice, int visiting) in observed)
        {
            Assert.Equal([running], onDevice);
            Assert.Equal(1, visiting);
        }
        Assert.Empty(OnDevice());
        Assert.Equal(0, offload.Visiting);
        var now = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach ((string name, Tensor alias) in stay)
        {
            Assert.True(SameStorage(now[name], alias), name);
        }
    }
}
