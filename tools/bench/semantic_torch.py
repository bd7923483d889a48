"""PyTorch reference for `epochcompare bench --section semantic --json`.

The same two encoders in their real shapes, built from torch.nn primitives with random weights (no
transformers package), timed on the same work and printed under the same JSON keys:
  CLIP ViT-L/14 (openai/clip-vit-large-patch14: vision tower 1024 wide, 24 layers, 16 heads, quick-GELU,
      pre_layrnorm, post_layernorm on the class token, visual_projection to 768; the 12-layer 768-wide text
      tower with text_projection and logit_scale is built too, so the weights held are the same 427.6 M)
  DINOv2-B/14 (facebook/dinov2-base: 768 wide, 12 layers, 12 heads, exact GELU, layer scale, 37x37 position
      grid resized bicubically to the 16x16 input grid with the original 0.1 offset)
  per encoder: images/s embedding one batch of 8 synthetic 640x480 images, preprocessing included (bicubic
      resize of the short side to 224 resp. 256, centre crop 224, mean/std), median of 3 batches after one
      warm-up; weights in GiB (fp32), RSS after building and the peak RSS while embedding (VmHWM, restarted
      per phase through /proc/self/clear_refs as the bench does)
  semantic_metrics_40x4x2_s: 328 images through CLIP plus 348 through DINOv2 at those rates
The preprocessing here is torch's antialiased bicubic, not our Pillow-exact resampler: close in cost,
not in bits. Torch 1.13 (Debian's python3-torch) has no scaled_dot_product_attention; the attention is
softmax(QK^T / sqrt(d)) V, which is what the math path computes.
Usage: /usr/bin/python3 tools/bench/semantic_torch.py [threads] [--quick]   (prints one JSON object;
--quick: one timed batch, numbers not meaningful)
"""
import json, math, os, sys, time
import torch
from torch import nn
import torch.nn.functional as F

ARGS = [a for a in sys.argv[1:] if a != "--quick"]
QUICK = "--quick" in sys.argv
THREADS = int(ARGS[0]) if ARGS else 2
BATCH = 8
torch.set_num_threads(THREADS)

CLIP_MEAN, CLIP_STD = (0.48145466, 0.4578275, 0.40821073), (0.26862954, 0.26130258, 0.27577711)
IMAGENET_MEAN, IMAGENET_STD = (0.485, 0.456, 0.406), (0.229, 0.224, 0.225)


def status_gib(field):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(field):
                return int(line.split()[1]) / (1024 * 1024)
    return 0.0


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass


class Attention(nn.Module):
    def __init__(self, width, heads, causal=False):
        super().__init__()
        self.heads, self.causal = heads, causal
        self.q_proj, self.k_proj, self.v_proj = nn.Linear(width, width), nn.Linear(width, width), nn.Linear(width, width)
        self.out_proj = nn.Linear(width, width)

    def forward(self, x):
        b, n, w = x.shape
        q, k, v = (p(x).view(b, n, self.heads, w // self.heads).transpose(1, 2) for p in (self.q_proj, self.k_proj, self.v_proj))
        logits = q @ k.transpose(-1, -2) / math.sqrt(w // self.heads)
        if self.causal:
            logits = logits.masked_fill(torch.ones(n, n, dtype=torch.bool).triu(1), float("-inf"))
        return self.out_proj((logits.softmax(-1) @ v).transpose(1, 2).reshape(b, n, w))


class ClipLayer(nn.Module):
    def __init__(self, width, heads, intermediate, causal=False):
        super().__init__()
        self.layer_norm1, self.layer_norm2 = nn.LayerNorm(width, eps=1e-5), nn.LayerNorm(width, eps=1e-5)
        self.self_attn = Attention(width, heads, causal)
        self.fc1, self.fc2 = nn.Linear(width, intermediate), nn.Linear(intermediate, width)

    def forward(self, x):
        x = x + self.self_attn(self.layer_norm1(x))
        h = self.fc1(self.layer_norm2(x))
        return x + self.fc2(h * torch.sigmoid(1.702 * h))


class ClipVision(nn.Module):
    def __init__(self, width=1024, layers=24, heads=16, intermediate=4096, image=224, patch=14, projection=768):
        super().__init__()
        self.patch_embedding = nn.Conv2d(3, width, patch, stride=patch, bias=False)
        self.class_embedding = nn.Parameter(torch.randn(width) * 0.02)
        self.position_embedding = nn.Embedding((image // patch) ** 2 + 1, width)
        self.pre_layrnorm, self.post_layernorm = nn.LayerNorm(width), nn.LayerNorm(width)
        self.layers = nn.ModuleList(ClipLayer(width, heads, intermediate) for _ in range(layers))
        self.visual_projection = nn.Linear(width, projection, bias=False)

    def forward(self, pixels):
        x = self.patch_embedding(pixels).flatten(2).transpose(1, 2)
        x = torch.cat([self.class_embedding.expand(x.shape[0], 1, -1), x], 1) + self.position_embedding.weight
        x = self.pre_layrnorm(x)
        for layer in self.layers:
            x = layer(x)
        return self.visual_projection(self.post_layernorm(x[:, 0]))


class ClipText(nn.Module):
    """Held for its weights only (the bench times images); causal layers as CLIP-L's text tower."""

    def __init__(self, vocab=49408, width=768, layers=12, heads=12, intermediate=3072, context=77, projection=768):
        super().__init__()
        self.token_embedding, self.position_embedding = nn.Embedding(vocab, width), nn.Embedding(context, width)
        self.layers = nn.ModuleList(ClipLayer(width, heads, intermediate, causal=True) for _ in range(layers))
        self.final_layer_norm = nn.LayerNorm(width)
        self.text_projection = nn.Linear(width, projection, bias=False)
        self.logit_scale = nn.Parameter(torch.tensor(math.log(100.0)))


class Clip(nn.Module):
    def __init__(self):
        super().__init__()
        self.vision, self.text = ClipVision(), ClipText()

    def forward(self, pixels):
        return self.vision(pixels)


class Dinov2Layer(nn.Module):
    def __init__(self, width, heads, eps=1e-6):
        super().__init__()
        self.norm1, self.norm2 = nn.LayerNorm(width, eps=eps), nn.LayerNorm(width, eps=eps)
        self.attention = Attention(width, heads)
        self.layer_scale1, self.layer_scale2 = nn.Parameter(torch.ones(width)), nn.Parameter(torch.ones(width))
        self.fc1, self.fc2 = nn.Linear(width, 4 * width), nn.Linear(4 * width, width)

    def forward(self, x):
        x = x + self.layer_scale1 * self.attention(self.norm1(x))
        return x + self.layer_scale2 * self.fc2(F.gelu(self.fc1(self.norm2(x))))


class Dinov2(nn.Module):
    def __init__(self, width=768, layers=12, heads=12, trained=518, patch=14):
        super().__init__()
        self.patch, self.grid = patch, trained // patch
        self.projection = nn.Conv2d(3, width, patch, stride=patch)
        self.cls_token = nn.Parameter(torch.randn(1, 1, width) * 0.02)
        self.mask_token = nn.Parameter(torch.zeros(1, width))
        self.position_embeddings = nn.Parameter(torch.randn(1, self.grid ** 2 + 1, width) * 0.02)
        self.layer = nn.ModuleList(Dinov2Layer(width, heads) for _ in range(layers))
        self.layernorm = nn.LayerNorm(width, eps=1e-6)

    def positions(self, rows, cols):
        cls, grid = self.position_embeddings[:, :1], self.position_embeddings[:, 1:]
        grid = grid.reshape(1, self.grid, self.grid, -1).permute(0, 3, 1, 2)
        # facebookresearch/dinov2: scale factor (n + 0.1) / N, bicubic, not aligned corners.
        grid = F.interpolate(grid, scale_factor=((rows + 0.1) / self.grid, (cols + 0.1) / self.grid), mode="bicubic", align_corners=False)
        return torch.cat([cls, grid.permute(0, 2, 3, 1).reshape(1, rows * cols, -1)], 1)

    def forward(self, pixels):
        rows, cols = pixels.shape[2] // self.patch, pixels.shape[3] // self.patch
        x = self.projection(pixels).flatten(2).transpose(1, 2)
        x = torch.cat([self.cls_token.expand(x.shape[0], 1, -1), x], 1) + self.positions(rows, cols)
        for layer in self.layer:
            x = layer(x)
        return self.layernorm(x)[:, 0]


def synthetic(seed, w=640, h=480):
    """The bench's 640x480 gradient with a disc, as a uint8 (3, h, w) tensor."""
    y, x = torch.meshgrid(torch.arange(h), torch.arange(w), indexing="ij")
    disc = (x - 200 - seed * 20) ** 2 + (y - 240) ** 2 < 10000
    r = torch.where(disc, torch.full_like(x, 220), x * 255 // w)
    return torch.stack([r, y * 255 // h, torch.full_like(x, seed * 30)]).to(torch.uint8)


def preprocess(images, resize, crop, mean, std):
    out = []
    for image in images:
        h, w = image.shape[1:]
        scale = resize / min(h, w)
        size = (max(resize, round(h * scale)), max(resize, round(w * scale)))
        x = F.interpolate(image[None].float() / 255, size=size, mode="bicubic", align_corners=False, antialias=True)
        top, left = round((size[0] - crop) / 2), round((size[1] - crop) / 2)
        out.append(x[0, :, top:top + crop, left:left + crop])
    x = torch.stack(out)
    return (x - torch.tensor(mean).view(1, 3, 1, 1)) / torch.tensor(std).view(1, 3, 1, 1)


def measure(key, build, embed, fields):
    before = status_gib("VmRSS:")
    model = build().eval()
    params = sum(p.numel() for p in model.parameters())
    fields[f"{key}_weights_gib"] = round(params * 4 / 2 ** 30, 3)
    fields[f"{key}_rss_built_gib"] = round(status_gib("VmRSS:"), 3)
    print(f"{key}: {params / 1e6:.1f} M parameters; RSS {before:.2f} GiB before building, {fields[f'{key}_rss_built_gib']:.2f} built",
          file=sys.stderr, flush=True)
    reset_peak()
    with torch.no_grad():
        embed(model)
        runs = 1 if QUICK else 3
        seconds = []
        for _ in range(runs):
            start = time.perf_counter()
            embed(model)
            seconds.append(time.perf_counter() - start)
    seconds.sort()
    rate = BATCH / seconds[runs // 2]
    fields[f"{key}_images_per_s"] = round(rate, 3)
    fields[f"{key}_peak_rss_gib"] = round(status_gib("VmHWM:"), 3)
    print(f"{key}: {rate:.2f} images/s (median of {runs} batches of {BATCH}, best {BATCH / seconds[0]:.2f}); peak RSS {fields[f'{key}_peak_rss_gib']:.2f} GiB",
          file=sys.stderr, flush=True)
    del model
    return rate


def main():
    torch.manual_seed(0)
    images = [synthetic(i) for i in range(BATCH)]
    fields = {}
    clip_rate = measure("clip_vit_l14", Clip, lambda m: m(preprocess(images, 224, 224, CLIP_MEAN, CLIP_STD)).numpy(), fields)
    dino_rate = measure("dinov2_b14", Dinov2, lambda m: m(preprocess(images, 256, 224, IMAGENET_MEAN, IMAGENET_STD)).numpy(), fields)
    samples, training = (40 + 1) * 4 * 2, 20
    fields["semantic_metrics_40x4x2_s"] = round(samples / clip_rate + (samples + training) / dino_rate, 3)
    print(json.dumps({"torch": torch.__version__, "threads": THREADS, "quick": QUICK, "sections": ["semantic"], **fields}, indent=2))


if __name__ == "__main__":
    main()
