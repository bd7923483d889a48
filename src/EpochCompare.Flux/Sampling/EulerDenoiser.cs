using EpochCompare.Flux.TextEncoding;
using EpochCompare.Flux.Transformer;
using TorchSharp;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Sampling;

/// <summary>
/// The reference Euler loop (BFL <c>sampling.denoise</c>): for each (t_curr, t_prev) of the schedule,
/// v = model(img, t_curr) and img = img + (t_prev - t_curr) * v, the state kept in float32 (dt is the double
/// difference, rounded to float by the multiply, as in the reference). With true CFG the conditional and
/// unconditional halves run as one batch [uncond; cond]: v = v_uncond + scale * (v_cond - v_uncond).
/// Each step runs in its own dispose scope, so memory stays flat however many steps.
/// </summary>
public static class EulerDenoiser
{
    /// <summary>Denoises <paramref name="img"/> [B, L, C]; returns the final tokens (float32, a new tensor).</summary>
    /// <param name="uncond">Required when <paramref name="guidance"/> uses CFG: the empty (or negative) prompt, batch B.</param>
    public static Tensor Denoise(
        FluxTransformer model,
        Tensor img,
        Tensor imgIds,
        TextConditioning cond,
        TextConditioning? uncond,
        IReadOnlyList<double> schedule,
        GuidanceSettings guidance,
        Action<int, int>? onStep = null)
    {
        if (img.dim() != 3)
        {
            throw new ArgumentException($"denoise: img must be [B, L, C], got [{string.Join(", ", img.shape)}]");
        }
        if (schedule.Count < 2)
        {
            throw new ArgumentException($"denoise: a schedule needs at least 2 times, got {schedule.Count}");
        }
        long batch = img.shape[0];
        if (cond.Batch != batch || (uncond is not null && uncond.Batch != batch))
        {
            throw new ArgumentException(
                $"denoise: img batch {batch} does not match text batch {cond.Batch}{(uncond is null ? "" : $" / uncond {uncond.Batch}")}");
        }
        if (guidance.UsesCfg && uncond is null)
        {
            throw new ArgumentException($"denoise: CFG scale {guidance.CfgScale} needs an unconditional prompt");
        }

        using var noGrad = no_grad();
        using var outer = NewDisposeScope();
        bool cfg = guidance.UsesCfg;
        long passBatch = cfg ? 2 * batch : batch;
        Device device = img.device;
        Tensor txt = cfg ? cat([uncond!.Context, cond.Context], 0) : cond.Context;
        Tensor y = cfg ? cat([uncond!.Pooled, cond.Pooled], 0) : cond.Pooled;
        Tensor txtIds = zeros([passBatch, txt.shape[1], 3], device: device);
        Tensor ids = cfg ? cat([imgIds, imgIds], 0) : imgIds;
        Tensor? guidanceVector = model.Params.GuidanceEmbed ? full([passBatch], guidance.Distilled, ScalarType.Float32, device) : null;

        Tensor x = img.to_type(ScalarType.Float32).clone();
        int steps = schedule.Count - 1;
        for (int step = 0; step < steps; step++)
        {
            double tCurr = schedule[step];
            double tPrev = schedule[step + 1];
            using (var scope = NewDisposeScope())
            {
                Tensor input = cfg ? cat([x, x], 0) : x;
                Tensor timesteps = full([passBatch], tCurr, ScalarType.Float32, device);
                Tensor v = model.call(new FluxInput(input, ids, txt, txtIds, timesteps, y, guidanceVector)).to_type(ScalarType.Float32);
                if (cfg)
                {
                    Tensor vUncond = v[..(int)batch], vCond = v[(int)batch..];
                    using Scalar cfgScale = guidance.CfgScale.ToScalar(); // Scalars held for the op: a temporary can be finalized mid-call
                    v = vUncond.Plus((vCond - vUncond).mul(cfgScale));
                }
                Tensor previous = x;
                using Scalar dt = (tPrev - tCurr).ToScalar();
                x = x.Plus(v.mul(dt)).MoveToOuterDisposeScope();
                previous.Dispose();
            }
            onStep?.Invoke(step + 1, steps);
        }
        return x.MoveToOuterDisposeScope();
    }
}
