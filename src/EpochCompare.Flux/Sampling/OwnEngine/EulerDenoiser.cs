using EpochCompare.Flux.Sampling;
using EpochCompare.Flux.Model;
using EpochCompare.Flux.TextEncoding;
using EpochCompare.Flux.TextEncoding.OwnEngine;
using ITextConditioner = EpochCompare.Flux.TextEncoding.OwnEngine.ITextConditioner;
using TextConditioning = EpochCompare.Flux.TextEncoding.OwnEngine.TextConditioning;
using TinyTextEncoder = EpochCompare.Flux.TextEncoding.OwnEngine.TinyTextEncoder;
using EpochCompare.Tensors;
using EpochCompare.Tensors.Memory;

namespace EpochCompare.Flux.Sampling.OwnEngine;

/// <summary>
/// The reference Euler loop (BFL <c>sampling.denoise</c>): for each (t_curr, t_prev) of the schedule,
/// v = model(img, t_curr) and img += (t_prev - t_curr) * v, in float32 like the reference
/// (dt is the double difference rounded to float, then one rounded multiply and one rounded add).
/// With true CFG the conditional and unconditional halves run as one batch [uncond; cond].
/// </summary>
public static class EulerDenoiser
{
    /// <summary>Denoises <paramref name="img"/> [B, L, C]; returns the final tokens (a new tensor).</summary>
    /// <param name="uncond">Required when <paramref name="guidance"/> uses CFG: the empty (or negative) prompt, batch B.</param>
    public static Tensor Denoise(
        IVelocityModel model,
        Tensor img,
        Tensor imgIds,
        TextConditioning cond,
        TextConditioning? uncond,
        IReadOnlyList<double> schedule,
        GuidanceSettings guidance,
        Action<int, int>? onStep = null)
    {
        if (img.Rank != 3)
        {
            throw new ArgumentException($"denoise: img must be [B, L, C], got {img.ShapeText}");
        }
        if (schedule.Count < 2)
        {
            throw new ArgumentException($"denoise: a schedule needs at least 2 times, got {schedule.Count}");
        }
        int batch = img.Size(0);
        if (cond.Batch != batch || (uncond is not null && uncond.Batch != batch))
        {
            throw new ArgumentException(
                $"denoise: img batch {batch} does not match text batch {cond.Batch}{(uncond is null ? "" : $" / uncond {uncond.Batch}")}");
        }
        if (guidance.UsesCfg && uncond is null)
        {
            throw new ArgumentException($"denoise: CFG scale {guidance.CfgScale} needs an unconditional prompt");
        }

        using var noGrad = new NoGrad();
        bool cfg = guidance.UsesCfg;
        int passBatch = cfg ? 2 * batch : batch;
        Tensor txt = cfg ? Ops.Concat([uncond!.Context, cond.Context], 0) : cond.Context;
        Tensor y = cfg ? Ops.Concat([uncond!.Pooled, cond.Pooled], 0) : cond.Pooled;
        Tensor txtIds = Tensor.Zeros(passBatch, txt.Size(1), 3);
        Tensor ids = cfg ? Ops.Concat([imgIds, imgIds], 0) : imgIds;
        float[]? guidanceVector = model.GuidanceEmbedded ? Enumerable.Repeat((float)guidance.Distilled, passBatch).ToArray() : null;

        int[] shape = img.Shape.ToArray();
        float[] x = img.ToArray();
        float[] v = new float[cfg ? 2 * x.Length : x.Length];
        int steps = schedule.Count - 1;
        for (int step = 0; step < steps; step++)
        {
            double tCurr = schedule[step];
            double tPrev = schedule[step + 1];
            // Each step's activations go back to the pool when the step ends.
            using (new TensorScope())
            {
                Tensor current = Tensor.FromArray(x, shape);
                Tensor input = cfg ? Ops.Concat([current, current], 0) : current;
                float[] timesteps = Enumerable.Repeat((float)tCurr, passBatch).ToArray();
                Tensor velocity = model.Forward(new FluxInputs(input, ids, txt, txtIds, timesteps, y, guidanceVector));
                if (velocity.Count != v.Length)
                {
                    throw new InvalidOperationException($"denoise: the model returned {velocity.ShapeText} for input {input.ShapeText}");
                }
                velocity.Span.CopyTo(v);
            }
            if (cfg)
            {
                CombineCfg(v, x.Length, (float)guidance.CfgScale);
            }
            float dt = (float)(tPrev - tCurr);
            for (int i = 0; i < x.Length; i++)
            {
                x[i] += dt * v[i];
            }
            onStep?.Invoke(step + 1, steps);
        }
        return Tensor.Wrap(x, shape);
    }

    /// <summary>v[..n] = v_uncond + scale * (v_cond - v_uncond), reading the halves [uncond; cond] of <paramref name="v"/>.</summary>
    private static void CombineCfg(float[] v, int n, float scale)
    {
        for (int i = 0; i < n; i++)
        {
            float uncond = v[i];
            v[i] = uncond + scale * (v[n + i] - uncond);
        }
    }
}
