using EpochCompare.Flux.Checkpoints;
using EpochCompare.Flux.Devices;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.Transformer;
using EpochCompare.Training.Config;
using EpochCompare.Training.Loop;
using static TorchSharp.torch;

namespace EpochCompare.Training.Tests.Loop;

public class TrainerTests
{
    [Fact]
    public void KohyaFileNamesPerSavedEpochAndFinal()
    {
        using var run = new TinyRun();
        TrainingResult result = TinyRun.Train(run.Settings());
        Assert.Equal(["tiny-000001.safetensors", "tiny-000002.safetensors", "tiny.safetensors"], result.Checkpoints.Select(Path.GetFileName));
        Assert.Equal(24, result.Losses.Count); // 4 images x 2 repeats x 3 epochs at batch 1
        string[] log = File.ReadAllLines(Path.Combine(run.Output, "tiny-loss.csv"));
        Assert.Equal(LossLog.Header, log[0]);
        Assert.Equal(25, log.Length);
        Assert.StartsWith("24,3,", log[^1]);
    }

    [Fact]
    public void LoraFileHasKohyaKeysShapesAlphaAndMetadata()
    {
        using var run = new TinyRun();
        TinyRun.Train(run.Settings(s => { s.Epochs = 1; s.NetworkDim = 4; s.NetworkAlpha = 2; s.NoiseOffset = 0.1; }));
        using SafeTensorsFile file = SafeTensorsFile.Open(Path.Combine(run.Output, "tiny.safetensors"));
        var p = Flux.Config.FluxPresets.Tiny;
        int modules = 10 * p.Depth + 3 * p.DepthSingleBlocks;
        Assert.Equal(3 * modules, file.Entries.Count);
        SafeTensorEntry down = file.GetEntry("lora_unet_double_blocks_0_img_attn_qkv.lora_down.weight");
        SafeTensorEntry up = file.GetEntry("lora_unet_double_blocks_0_img_attn_qkv.lora_up.weight");
        Assert.Equal([4L, p.HiddenSize], down.Shape.Select(d => (long)d));
        Assert.Equal([3L * p.HiddenSize, 4], up.Shape.Select(d => (long)d));
        Assert.Empty(file.GetEntry("lora_unet_single_blocks_3_modulation_lin.alpha").Shape);
        Assert.Equal(2f, file.ReadSingles("lora_unet_single_blocks_3_modulation_lin.alpha")[0]);
        Assert.Contains("lora_unet_double_blocks_1_txt_mlp_2.lora_up.weight", file.Names);
        Assert.Equal("networks.lora_flux", file.Metadata["ss_network_module"]);
        Assert.Equal("4", file.Metadata["ss_network_dim"]);
        Assert.Equal("1", file.Metadata["ss_epoch"]);
        Assert.Equal("8", file.Metadata["ss_steps"]);
        Assert.Equal("(8, 8)", file.Metadata["ss_resolution"]);
        Assert.Equal("0.1", file.Metadata["ss_noise_offset"]);
        Assert.Equal(64, file.Metadata["epochcompare_dataset_sha256"].Length);
        Assert.Contains("epochcompare train", file.Metadata["epochcompare_command_line"]);
        Assert.Contains("\"2_ohwx style\":{\"n_repeats\":2,\"img_count\":4}", file.Metadata["ss_dataset_dirs"]);
        // Training moved the up matrices away from their zero start.
        Assert.Contains(file.ReadSingles(up.Name), v => v != 0f);
    }

    [Fact]
    public void FreshLoraLeavesTheBaseOutputUnchangedBitForBit()
    {
        using var run = new TinyRun();
        TrainSettings settings = run.Settings();
        using TrainingModel lora = TrainingModel.Create(settings, _ => { });
        using var scope = NewDisposeScope();
        FluxInput inputs = RandomInputs(lora.Flux.Params);
        float[] withLora;
        float[] without;
        using (no_grad())
        {
            withLora = lora.Flux.call(inputs).data<float>().ToArray();
            lora.Network!.Remove();
            without = lora.Flux.call(inputs).data<float>().ToArray();
        }
        Assert.Equal(without, withLora);
        Assert.Contains(without, v => v != 0f);
    }

    [Fact]
    public void ResumeAfterAKillEqualsTheUninterruptedRunBitForBit()
    {
        using var whole = new TinyRun();
        TinyRun.Train(whole.Settings(s => s.FlipAugment = true));

        using var killed = new TinyRun();
        // 8 steps per epoch: stop in the middle of epoch 3, after the epoch-2 checkpoint and state.
        TrainingResult first = TinyRun.Train(killed.Settings(s => s.FlipAugment = true), stopAfter: 19);
        Assert.True(first.Interrupted);
        Assert.False(File.Exists(Path.Combine(killed.Output, "tiny.safetensors")));
        TrainingResult resumed = TinyRun.Train(killed.Settings(s => { s.FlipAugment = true; s.Resume = true; }));
        Assert.Equal(8, resumed.Losses.Count);

        byte[] expected = File.ReadAllBytes(Path.Combine(whole.Output, "tiny.safetensors"));
        byte[] actual = File.ReadAllBytes(Path.Combine(killed.Output, "tiny.safetensors"));
        Assert.Equal(expected, actual);
        Assert.Equal(File.ReadAllLines(Path.Combine(whole.Output, "tiny-loss.csv")), File.ReadAllLines(Path.Combine(killed.Output, "tiny-loss.csv")));
    }

    [Fact]
    public void SamplingAtEpochEndsDoesNotChangeTrainingEvenAcrossAKill()
    {
        using var plain = new TinyRun();
        TinyRun.Train(plain.Settings());

        using var sampled = new TinyRun();
        var seen = new List<int>();
        var images = new List<float[]>();
        void Sample(EpochEnd end)
        {
            seen.Add(end.Epoch);
            var sampler = new CheckpointColumnSampler(end.Model.Flux, end.Model.Text, end.Model.Autoencoder);
            var request = new SampleRequest("ohwx car", "", [3UL, 4UL], 8, 8, 2, new GuidanceSettings(CfgScale: 3.5));
            images.AddRange(sampler.Sample(SampleColumn.Base, request));
        }
        // 8 steps per epoch: killed in epoch 3, after the epoch-2 checkpoint and its samples.
        Assert.True(TinyRun.Train(sampled.Settings(), stopAfter: 19, onEpochEnd: Sample).Interrupted);
        Assert.Equal([0, 1, 2], seen);
        TinyRun.Train(sampled.Settings(s => s.Resume = true), onEpochEnd: Sample);
        Assert.Equal([0, 1, 2, 3], seen); // no second base column after a resume

        Assert.Equal(File.ReadAllBytes(Path.Combine(plain.Output, "tiny.safetensors")), File.ReadAllBytes(Path.Combine(sampled.Output, "tiny.safetensors")));
        Assert.Equal(File.ReadAllBytes(Path.Combine(plain.Output, "tiny-000002.safetensors")), File.ReadAllBytes(Path.Combine(sampled.Output, "tiny-000002.safetensors")));
        Assert.Equal(File.ReadAllLines(Path.Combine(plain.Output, "tiny-loss.csv")), File.ReadAllLines(Path.Combine(sampled.Output, "tiny-loss.csv")));
        // The samples are real images of the live model: the base column differs from the trained one.
        Assert.Equal(8, images.Count);
        Assert.NotEqual(images[0], images[6]);
    }

    [Fact]
    public void ANewRunRefusesToOverwriteCheckpoints()
    {
        using var run = new TinyRun();
        TinyRun.Train(run.Settings(s => s.Epochs = 1));
        var ex = Assert.Throws<IOException>(() => TinyRun.Train(run.Settings(s => s.Epochs = 1)));
        Assert.Contains("tiny", ex.Message);
        Assert.Contains("--resume", ex.Message);
    }

    [Fact]
    public void GradientAccumulationMatchesTheLargerBatch()
    {
        using var a = new TinyRun();
        using var b = new TinyRun();
        TrainingResult big = TinyRun.Train(a.Settings(s => { s.Epochs = 1; s.BatchSize = 2; s.SaveEveryNEpochs = 0; }));
        TrainingResult accumulated = TinyRun.Train(b.Settings(s => { s.Epochs = 1; s.BatchSize = 1; s.GradientAccumulation = 2; s.SaveEveryNEpochs = 0; }));
        Assert.Equal(4, big.Losses.Count);
        Assert.Equal(big.Losses.Count, accumulated.Losses.Count);
        for (int i = 0; i < big.Losses.Count; i++)
        {
            Assert.Equal(big.Losses[i], accumulated.Losses[i], 4);
        }
        using SafeTensorsFile x = SafeTensorsFile.Open(Path.Combine(a.Output, "tiny.safetensors"));
        using SafeTensorsFile y = SafeTensorsFile.Open(Path.Combine(b.Output, "tiny.safetensors"));
        foreach (string name in x.Names)
        {
            float[] u = x.ReadSingles(name), v = y.ReadSingles(name);
            for (int i = 0; i < u.Length; i++)
            {
                Assert.Equal(u[i], v[i], 1e-4f);
            }
        }
    }

    [Fact]
    public void FullFineTuneLowersTheLoss()
    {
        using var run = new TinyRun();
        // One fixed image and caption, shown many times: the model should fit it.
        TrainingResult result = TinyRun.Train(run.Settings(s =>
        {
            s.Mode = TrainMode.Full;
            s.Epochs = 6;
            s.LearningRate = 2e-3;
            s.SaveEveryNEpochs = 0;
            s.TimestepSampling = EpochCompare.Training.Timesteps.TimestepSamplingMode.Uniform;
        }));
        double first = result.Losses.Take(8).Average();
        double last = result.Losses.TakeLast(8).Average();
        Assert.True(last < 0.8 * first, $"loss should fall: first epoch {first:0.000}, last epoch {last:0.000}");
        using SafeTensorsFile file = SafeTensorsFile.Open(Path.Combine(run.Output, "tiny.safetensors"));
        Assert.Contains("double_blocks.0.img_attn.qkv.weight", file.Names);
        Assert.Contains(file.Names, n => n.StartsWith("text_encoder.", StringComparison.Ordinal));
        Assert.True(file.Metadata.ContainsKey("config"));
    }

    [Fact]
    public void FullCheckpointLoadsBackAsABaseModel()
    {
        using var run = new TinyRun();
        TinyRun.Train(run.Settings(s => { s.Mode = TrainMode.Full; s.Epochs = 1; s.SaveEveryNEpochs = 0; }));
        string path = Path.Combine(run.Output, "tiny.safetensors");
        using FluxTinyBase loaded = BaseModelLoader.Load(path, 0, ComputeDevice.Cpu, _ => { });
        Assert.Equal("tiny.safetensors", loaded.Name);
        using SafeTensorsFile file = SafeTensorsFile.Open(path);
        Assert.Equal(file.ReadSingles("final_layer.linear.weight"), loaded.Transformer.state_dict()["final_layer.linear.weight"].data<float>().ToArray());
    }

    private static FluxInput RandomInputs(Flux.Config.FluxParams p)
    {
        int b = 1, tokens = 4, text = 3;
        Tensor T(int seed, params long[] shape) => tensor(TorchRandn.Sample((ulong)seed, shape.Select(d => (int)d).ToArray(), NoiseDType.Float32), shape);
        return new FluxInput(T(1, b, tokens, p.InChannels), tensor(LatentPacking.ImageIds(b, 2, 2), [b, tokens, 3]),
            T(2, b, text, p.ContextInDim), zeros(b, text, 3), tensor(new[] { 0.5f }), T(3, b, p.VecInDim));
    }
}
