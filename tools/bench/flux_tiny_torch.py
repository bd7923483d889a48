"""PyTorch reference timing for `epochcompare bench --section flux --model flux-tiny`.

The same flux-tiny transformer (FLUX.1 architecture: hidden 128, 2 heads, axes [16, 24, 24], 2 double + 4 single
blocks, 48 input channels, context 128, vec 128, no guidance embedding) with random weights, timed on the same
work as the bench keys:
  train_step_ms      forward + MSE + backward + AdamW, batch 1, 256 image + 16 text tokens (median of 10)
  train_step_b8_ms   the same at batch 8 with 32 text tokens (median of 10)
  sample_forward_ms  no-grad forward, batch 4, 256 + 16 tokens (median of 10)
  sample_column_s    one grid column: 4 seeds, 64x64 (256 + 32 tokens), 20 Euler steps on the shifted FLUX
                     schedule, true CFG 3.5 with cond and uncond in one batch of 8 (median of 3, after 1 warm-up)
Usage: python3 flux_tiny_torch.py [threads] [--quick] [--dtype float32|bfloat16]   (prints one JSON object; --quick:
one untimed-warm-up-free run of each, to check the script works, numbers not meaningful; --dtype: the weights' and
activations' precision, as `bench --dtype`; norms, RoPE and the loss in float32 as BFL's code does)
"""
import json, math, sys, time
import torch
from torch import nn
import torch.nn.functional as F

ARGV = sys.argv[1:]
DTYPE_NAME = ARGV[ARGV.index("--dtype") + 1] if "--dtype" in ARGV else "float32"
DTYPE = {"float32": torch.float32, "bfloat16": torch.bfloat16}[DTYPE_NAME]
ARGS = [a for i, a in enumerate(ARGV) if a not in ("--quick", "--dtype") and (i == 0 or ARGV[i - 1] != "--dtype")]
QUICK = "--quick" in ARGV
THREADS = int(ARGS[0]) if ARGS else 2
torch.set_num_threads(THREADS)
P = dict(in_channels=48, vec_in_dim=128, context_in_dim=128, hidden_size=128, mlp_ratio=4.0, num_heads=2,
         depth=2, depth_single_blocks=4, axes_dim=[16, 24, 24], theta=10000)


def timestep_embedding(t, dim=256, max_period=10000, time_factor=1000.0):
    t = time_factor * t
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(half, dtype=torch.float32) / half)
    args = t[:, None].float() * freqs[None]
    return torch.cat([torch.cos(args), torch.sin(args)], -1).to(DTYPE)


def rope(pos, dim, theta):
    scale = torch.arange(0, dim, 2, dtype=torch.float64) / dim
    omega = 1.0 / theta ** scale
    out = pos.double()[..., None] * omega
    out = torch.stack([torch.cos(out), -torch.sin(out), torch.sin(out), torch.cos(out)], -1)
    return out.reshape(*out.shape[:-1], 2, 2).float()


def apply_rope(x, pe):
    x_ = x.float().reshape(*x.shape[:-1], -1, 1, 2)
    return (pe[..., 0] * x_[..., 0] + pe[..., 1] * x_[..., 1]).reshape(*x.shape).type_as(x)


def attention(q, k, v, pe):
    q, k = apply_rope(q, pe), apply_rope(k, pe)
    if hasattr(F, "scaled_dot_product_attention"):
        x = F.scaled_dot_product_attention(q, k, v)
    else:  # torch 1.x: the plain softmax(QK^T)V
        x = torch.softmax(q @ k.transpose(-1, -2) / math.sqrt(q.shape[-1]), -1) @ v
    b, h, l, d = x.shape
    return x.permute(0, 2, 1, 3).reshape(b, l, h * d)


class MLPEmbedder(nn.Module):
    def __init__(self, i, h):
        super().__init__()
        self.in_layer, self.out_layer = nn.Linear(i, h), nn.Linear(h, h)

    def forward(self, x):
        return self.out_layer(F.silu(self.in_layer(x)))


class RMSNorm(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.scale = nn.Parameter(torch.ones(d))

    def forward(self, x):
        x32 = x.float()
        return (x32 * torch.rsqrt(torch.mean(x32 * x32, -1, keepdim=True) + 1e-6)).to(x.dtype) * self.scale


class QKNorm(nn.Module):
    def __init__(self, d):
        super().__init__()
        self.query_norm, self.key_norm = RMSNorm(d), RMSNorm(d)


class SelfAttention(nn.Module):
    def __init__(self, d, h):
        super().__init__()
        self.qkv, self.norm, self.proj = nn.Linear(d, 3 * d), QKNorm(d // h), nn.Linear(d, d)


class Modulation(nn.Module):
    def __init__(self, d, double):
        super().__init__()
        self.m = 6 if double else 3
        self.lin = nn.Linear(d, self.m * d)

    def forward(self, vec):
        return self.lin(F.silu(vec))[:, None, :].chunk(self.m, -1)


def split_heads(qkv, h):
    b, l, _ = qkv.shape
    return qkv.reshape(b, l, 3, h, -1).permute(2, 0, 3, 1, 4)


def layer_norm(x):
    return F.layer_norm(x, x.shape[-1:], eps=1e-6)


class DoubleStreamBlock(nn.Module):
    def __init__(self, d, h, r):
        super().__init__()
        m = int(d * r)
        self.h = h
        self.img_mod, self.img_attn = Modulation(d, True), SelfAttention(d, h)
        self.img_mlp = nn.Sequential(nn.Linear(d, m), nn.GELU(approximate="tanh"), nn.Linear(m, d))
        self.txt_mod, self.txt_attn = Modulation(d, True), SelfAttention(d, h)
        self.txt_mlp = nn.Sequential(nn.Linear(d, m), nn.GELU(approximate="tanh"), nn.Linear(m, d))

    def forward(self, img, txt, vec, pe):
        i1s, i1c, i1g, i2s, i2c, i2g = self.img_mod(vec)
        t1s, t1c, t1g, t2s, t2c, t2g = self.txt_mod(vec)
        iq, ik, iv = split_heads(self.img_attn.qkv((1 + i1c) * layer_norm(img) + i1s), self.h)
        iq, ik = self.img_attn.norm.query_norm(iq), self.img_attn.norm.key_norm(ik)
        tq, tk, tv = split_heads(self.txt_attn.qkv((1 + t1c) * layer_norm(txt) + t1s), self.h)
        tq, tk = self.txt_attn.norm.query_norm(tq), self.txt_attn.norm.key_norm(tk)
        a = attention(torch.cat((tq, iq), 2), torch.cat((tk, ik), 2), torch.cat((tv, iv), 2), pe)
        ta, ia = a[:, :txt.shape[1]], a[:, txt.shape[1]:]
        img = img + i1g * self.img_attn.proj(ia)
        img = img + i2g * self.img_mlp((1 + i2c) * layer_norm(img) + i2s)
        txt = txt + t1g * self.txt_attn.proj(ta)
        txt = txt + t2g * self.txt_mlp((1 + t2c) * layer_norm(txt) + t2s)
        return img, txt


class SingleStreamBlock(nn.Module):
    def __init__(self, d, h, r):
        super().__init__()
        self.d, self.h, self.m = d, h, int(d * r)
        self.linear1, self.linear2 = nn.Linear(d, 3 * d + self.m), nn.Linear(d + self.m, d)
        self.norm, self.modulation = QKNorm(d // h), Modulation(d, False)

    def forward(self, x, vec, pe):
        sh, sc, g = self.modulation(vec)
        qkv, mlp = torch.split(self.linear1((1 + sc) * layer_norm(x) + sh), [3 * self.d, self.m], -1)
        q, k, v = split_heads(qkv, self.h)
        q, k = self.norm.query_norm(q), self.norm.key_norm(k)
        return x + g * self.linear2(torch.cat((attention(q, k, v, pe), F.gelu(mlp, approximate="tanh")), 2))


class LastLayer(nn.Module):
    def __init__(self, d, o):
        super().__init__()
        self.linear, self.adaLN_modulation = nn.Linear(d, o), nn.Sequential(nn.SiLU(), nn.Linear(d, 2 * d))

    def forward(self, x, vec):
        sh, sc = self.adaLN_modulation(vec).chunk(2, 1)
        return self.linear((1 + sc[:, None]) * layer_norm(x) + sh[:, None])


class Flux(nn.Module):
    def __init__(self, p):
        super().__init__()
        d = p["hidden_size"]
        self.p = p
        self.img_in, self.txt_in = nn.Linear(p["in_channels"], d), nn.Linear(p["context_in_dim"], d)
        self.time_in, self.vector_in = MLPEmbedder(256, d), MLPEmbedder(p["vec_in_dim"], d)
        self.double_blocks = nn.ModuleList([DoubleStreamBlock(d, p["num_heads"], p["mlp_ratio"]) for _ in range(p["depth"])])
        self.single_blocks = nn.ModuleList([SingleStreamBlock(d, p["num_heads"], p["mlp_ratio"]) for _ in range(p["depth_single_blocks"])])
        self.final_layer = LastLayer(d, p["in_channels"])

    def forward(self, img, img_ids, txt, txt_ids, timesteps, y):
        img, txt = self.img_in(img), self.txt_in(txt)
        vec = self.time_in(timestep_embedding(timesteps)) + self.vector_in(y)
        ids = torch.cat((txt_ids, img_ids), 1)
        pe = torch.cat([rope(ids[..., i], self.p["axes_dim"][i], self.p["theta"]) for i in range(3)], -3).unsqueeze(1)
        for block in self.double_blocks:
            img, txt = block(img, txt, vec, pe)
        x = torch.cat((txt, img), 1)
        for block in self.single_blocks:
            x = block(x, vec, pe)
        return self.final_layer(x[:, txt.shape[1]:], vec)


def inputs(batch, txt_tokens, gen):
    ids = torch.zeros(batch, 256, 3)
    ids[..., 1] = (torch.arange(256) // 16).float()
    ids[..., 2] = (torch.arange(256) % 16).float()
    return (torch.randn(batch, 256, 48, generator=gen), ids, torch.randn(batch, txt_tokens, 128, generator=gen),
            torch.zeros(batch, txt_tokens, 3), torch.rand(batch, generator=gen), torch.randn(batch, 128, generator=gen))


def cast(tensors):
    """Image, text and pooled inputs in the model's dtype (ids and timesteps stay float32, as in BFL's code)."""
    img, img_ids, txt, txt_ids, t, y = tensors
    return img.to(DTYPE), img_ids, txt.to(DTYPE), txt_ids, t, y.to(DTYPE)


def flux_schedule(steps, seq_len, base_shift=0.5, max_shift=1.15):
    mu = (max_shift - base_shift) / (4096 - 256) * (seq_len - 256) + base_shift
    t = torch.linspace(1, 0, steps + 1, dtype=torch.float64)
    shifted = [math.exp(mu) / (math.exp(mu) + (1 / v - 1)) if 0 < v < 1 else v for v in t.tolist()]
    return shifted


def median_ms(fn, runs=10, warmup=3):
    if QUICK:
        runs, warmup = 1, 0
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
        print(f"  run {times[-1]:.1f} ms", file=sys.stderr, flush=True)
    times.sort()
    return times[len(times) // 2], times[0]


def main():
    gen = torch.Generator().manual_seed(0)
    torch.manual_seed(0)
    model = Flux(P).to(DTYPE)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-5)
    train = cast(inputs(1, 16, gen))
    target = torch.randn(1, 256, 48, generator=gen)
    train_b8 = cast(inputs(8, 32, gen))
    target_b8 = torch.randn(8, 256, 48, generator=gen)

    def train_step(batch=train, expected=target):
        opt.zero_grad()
        loss = ((model(*batch).float() - expected) ** 2).mean()
        loss.backward()
        opt.step()

    fwd_inputs = cast(inputs(4, 16, gen))

    def forward():
        with torch.no_grad():
            model(*fwd_inputs)

    # The column: cond and uncond text for 4 seeds as one batch of 8, CFG combine and Euler update in float32.
    seeds, steps, cfg = 4, 20, 3.5
    _, img_ids, _, _, _, _ = inputs(2 * seeds, 32, gen)
    txt = torch.randn(2 * seeds, 32, 128, generator=gen).to(DTYPE)
    txt_ids = torch.zeros(2 * seeds, 32, 3)
    pooled = torch.randn(2 * seeds, 128, generator=gen).to(DTYPE)
    schedule = flux_schedule(steps, 256)

    def column():
        with torch.no_grad():
            x = torch.cat([torch.randn(1, 3, 64, 64, generator=torch.Generator().manual_seed(s)) for s in range(1, seeds + 1)])
            x = x.reshape(seeds, 3, 16, 4, 16, 4).permute(0, 2, 4, 1, 3, 5).reshape(seeds, 256, 48)
            for t_curr, t_prev in zip(schedule[:-1], schedule[1:]):
                v = model(torch.cat([x, x]).to(DTYPE), img_ids, txt, txt_ids, torch.full((2 * seeds,), t_curr), pooled).float()
                v_uncond, v_cond = v[:seeds], v[seeds:]
                x = x + (t_prev - t_curr) * (v_uncond + cfg * (v_cond - v_uncond))
            return x.reshape(seeds, 16, 16, 3, 4, 4).permute(0, 3, 1, 4, 2, 5).reshape(seeds, 3, 64, 64)

    train_ms, train_best = median_ms(train_step)
    print(f"train_step_ms {train_ms:.2f} best {train_best:.2f}", file=sys.stderr, flush=True)
    b8_ms, b8_best = median_ms(lambda: train_step(train_b8, target_b8))
    print(f"train_step_b8_ms {b8_ms:.2f} best {b8_best:.2f}", file=sys.stderr, flush=True)
    fwd_ms, fwd_best = median_ms(forward)
    print(f"sample_forward_ms {fwd_ms:.2f} best {fwd_best:.2f}", file=sys.stderr, flush=True)
    col_ms, col_best = median_ms(column, runs=3, warmup=1)
    print(json.dumps({
        "torch": torch.__version__, "threads": THREADS, "dtype": DTYPE_NAME,
        "train_step_ms": round(train_ms, 2), "train_step_best_ms": round(train_best, 2),
        "train_step_b8_ms": round(b8_ms, 2), "train_step_b8_best_ms": round(b8_best, 2),
        "sample_forward_ms": round(fwd_ms, 2), "sample_forward_best_ms": round(fwd_best, 2),
        "sample_column_s": round(col_ms / 1000, 3), "sample_column_best_s": round(col_best / 1000, 3),
    }, indent=2))


if __name__ == "__main__":
    main()
