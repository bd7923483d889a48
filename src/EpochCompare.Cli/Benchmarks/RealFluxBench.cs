using System.Diagnostics;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.Devices;
using EpochCompare.Flux.SafeTensors;
using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.TextEncoders.T5;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Flux.Transformer;
using EpochCompare.Flux.Weights;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Cli.Benchmarks;

/// <summary>
/// <c>--section real-flux</c>: the real sizes on <c>--device</c> (the CPU by default), in bfloat16 with fp8 weights kept as fp8 (the
/// way <c>sample --model flux-schnell</c> runs an fp8 file). T5-XXL and FLUX.1-schnell are written as sparse fp8 files
/// with every real key and shape, built on meta and materialised from them, their weights then filled with random
/// values in place; T5 encodes one prompt (256 tokens), is freed, and the transformer runs one Euler step at 256x256
/// (256 image + 256 text tokens). Each phase reports seconds and its own peak RSS. The 1024 px / 20 step estimate
/// scales the step by its FLOPs (Linears linear in tokens, attention quadratic), the per-step fp8 decode kept as measured.
/// </summary>
internal sealed class RealFluxBench(FluxParams transformer, T5Config t5) : IBenchSection
{
    /// <summary>The real sizes: FLUX.1-schnell and T5-XXL.</summary>
    public RealFluxBench()
        : this(FluxPresets.Schnell, T5Config.T5Xxl)
    {
    }

    private const int Size = 256, TextTokens = T5Tokenizer.SchnellLength;
    private const string Prompt = "ohwx car, a stylized 3D render of a red sports car on a coastal road at sunset";

    public string Name => "real-flux";

    public string Description => "T5-XXL encode and one FLUX.1-schnell step at 256x256, fp8 weights, random values: seconds and peak RSS (only with --section real-flux)";

    public bool RunsByDefault(BenchSettings settings) => false;

    public void Run(BenchContext context)
    {
        ComputeThreads.Set(context.Settings.Threads);
        Device device = context.Settings.Device.Resolve();
        var precision = new LoadPrecision(ScalarType.BFloat16, Float8Mode.Keep);
        string folder = Directory.CreateTempSubdirectory("ec-bench-real-flux-").FullName;
        try
        {
            Tensor txt = EncodeWithT5(context, folder, precision, device);
            using (txt)
            {
                StepTransformer(context, folder, precision, txt, device);
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private Tensor EncodeWithT5(BenchContext context, string folder, LoadPrecision precision, Device device)
    {
        string path = Path.Combine(folder, "t5xxl_fp8_e4m3fn.safetensors");
        using (var meta = new T5EncoderModel(t5, META, ScalarType.BFloat16))
        {
            SparseCheckpoint.WriteFloat8(path, meta);
        }
        bool reset = PeakMemory.Reset();
        double before = PeakMemory.CurrentGiB();
        long start = Stopwatch.GetTimestamp();
        using var file = SafeTensorsFile.Open(path);
        using T5EncoderModel encoder = T5EncoderModel.Load(new TensorSource(file), Path.GetFileName(path), t5, device, precision);
        Randomize(encoder, seed: 1, device);
        double loadSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double loaded = PeakMemory.CurrentGiB();

        start = Stopwatch.GetTimestamp();
        Tensor txt;
        using (var noGrad = no_grad())
        {
            T5Tokens tokens = T5Tokenizer.T5V11.Encode(Prompt, TextTokens);
            using Tensor ids = tensor(tokens.InputIds.Select(i => (long)i).ToArray(), device: device).unsqueeze(0);
            using T5EncoderOutput output = encoder.forward(ids);
            txt = output.LastHiddenState.clone().DetachFromDisposeScope();
        }
        double encodeSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double peak = PeakMemory.PeakGiB();
        context.Report("t5xxl_fp8_load_s", loadSeconds, $"T5-XXL fp8 built on meta, materialised from a sparse file and randomised: {loadSeconds,6:F1} s, RSS {before:F2} -> {loaded:F2} GiB");
        context.Report("t5xxl_encode_s", encodeSeconds, $"T5-XXL encode of one prompt ({TextTokens} tokens, bf16 compute, fp8 upcast per layer): {encodeSeconds,6:F1} s");
        context.Report("t5xxl_peak_rss_gib", peak, $"T5-XXL phase peak RSS: {peak:F2} GiB" + (reset ? "" : " (peak since process start: clear_refs refused)"));
        return txt;
    }

    private void StepTransformer(BenchContext context, string folder, LoadPrecision precision, Tensor txt, Device device)
    {
        FluxParams p = transformer;
        string path = Path.Combine(folder, "flux1-schnell-fp8.safetensors");
        using (var meta = new FluxTransformer(p, META, ScalarType.BFloat16))
        {
            SparseCheckpoint.WriteFloat8(path, meta);
        }
        GC.Collect();
        GC.WaitForPendingFinalizers();
        bool reset = PeakMemory.Reset();
        double before = PeakMemory.CurrentGiB();
        long start = Stopwatch.GetTimestamp();
        using var file = SafeTensorsFile.Open(path);
        using var model = new FluxTransformer(p, META, precision.ComputeDType);
        ModuleMaterializer.LoadStrict(model, new TensorSource(file), file.Path, device, precision);
        model.eval();
        Randomize(model, seed: 2, device);
        double loadSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double loaded = PeakMemory.CurrentGiB();

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        int tokenSide = Size / 16;
        using var generator = new Generator(3);
        Tensor img = randn([1, tokenSide * tokenSide, p.InChannels], generator: generator).to(device);
        Tensor imgIds = tensor(LatentPacking.ImageIds(1, tokenSide, tokenSide), [1, tokenSide * tokenSide, 3]).to(device);
        Tensor vec = randn([1, p.VecInDim], generator: generator).to(device);
        double[] schedule = FluxSchedule.Get(1, tokenSide * tokenSide, shift: false);
        start = Stopwatch.GetTimestamp();
        EulerDenoiser.Denoise(model, img, imgIds, new TextConditioning(txt, vec), null, schedule, GuidanceSettings.None);
        double stepSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        double peak = PeakMemory.PeakGiB();

        start = Stopwatch.GetTimestamp();
        foreach (Linear linear in model.named_modules().Select(m => m.module).OfType<Linear>().Where(Float8Linear.IsFloat8))
        {
            using Tensor decoded = Float8Weights.Upcast(linear.weight!, SafeTensorDType.F8E4M3, ScalarType.BFloat16);
        }
        double decodeSeconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        context.Report("flux_schnell_fp8_load_s", loadSeconds, $"FLUX.1-schnell fp8 built on meta, materialised from a sparse file and randomised: {loadSeconds,6:F1} s, RSS {before:F2} -> {loaded:F2} GiB");
        context.Report("flux_schnell_step_256_s", stepSeconds, $"one denoise step at {Size}x{Size} ({tokenSide * tokenSide} image + {txt.shape[1]} text tokens, bf16, fp8 upcast per layer): {stepSeconds,6:F1} s");
        context.Report("flux_schnell_fp8_decode_s", decodeSeconds, $"of which decoding every fp8 Linear once: {decodeSeconds,6:F1} s");
        context.Report("flux_schnell_peak_rss_gib", peak, $"FLUX.1-schnell phase peak RSS: {peak:F2} GiB (goal < 16)" + (reset ? "" : " (peak since process start: clear_refs refused)"));

        // 1024x1024 with dev's 512 text tokens, 20 steps: FLOPs per step 2 * P * L (Linears) + 4 * L^2 * h per block (QK^T and AV).
        double parameters = model.parameters().Sum(w => (double)w.numel());
        double Flops(double tokens) => 2.0 * parameters * tokens + 4.0 * tokens * tokens * p.HiddenSize * (p.Depth + p.DepthSingleBlocks);
        double measuredTokens = tokenSide * tokenSide + txt.shape[1];
        double compute = Math.Max(0, stepSeconds - decodeSeconds);
        double estimate = 20 * (decodeSeconds + compute * Flops(4096 + 512) / Flops(measuredTokens));
        context.Report("flux_est_1024_20steps_s", estimate,
            $"estimate for 1024x1024, 512 text tokens, 20 steps: {estimate,6:F0} s ({Flops(4096 + 512) / Flops(measuredTokens):F1}x the step's FLOPs, decode per step as measured)");
    }

    /// <summary>Random weights in place: fp8 bytes of magnitude below 0.5 with random signs, matrices N(0, 0.02), norm scales 1, biases 0.</summary>
    private static void Randomize(nn.Module model, ulong seed, Device device)
    {
        using var noGrad = no_grad();
        using var generator = new Generator(seed, device);
        foreach ((string name, Tensor weight) in ModuleWeights.Targets(model))
        {
            using var scope = NewDisposeScope();
            if (weight.dtype == ScalarType.Byte)
            {
                // Codes 0x00..0x5F: the first 0x30 are magnitudes below 0.5, the rest the same with the sign bit set.
                weight.random_(0, 0x60, generator);
                weight.add_(weight.ge(0x30).to_type(ScalarType.Byte) * (0x80 - 0x30));
            }
            else if (weight.dim() == 1)
            {
                bool isScale = name.EndsWith(".scale", StringComparison.Ordinal) || name.Contains("norm", StringComparison.Ordinal);
                weight.fill_(isScale ? 1 : 0);
            }
            else
            {
                weight.normal_(0, 0.02, generator);
            }
        }
    }
}
