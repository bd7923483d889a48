using EpochCompare.Flux.Autoencoder;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Tests.Autoencoder;

/// <summary>Tile placement and blend weights by hand, and a tiled decode of a tiny random VAE against its whole decode.</summary>
public class TiledDecodeTests(ITestOutputHelper output)
{
    [Fact]
    public void Tiles_for_odd_sizes_are_the_fewest_that_overlap_enough_spread_evenly()
    {
        Assert.Equal([0, 11, 21], TileSpans.Starts(37, 16, 4)); // ceil(33 / 12) = 3 tiles, steps 10.5 rounded: overlaps 5 and 6
        Assert.Equal([0], TileSpans.Starts(16, 16, 4));
        Assert.Equal([0], TileSpans.Starts(9, 16, 4));
        Assert.Equal([0, 1], TileSpans.Starts(17, 16, 4));
        Assert.Equal([0, 6, 12], TileSpans.Starts(24, 12, 4));
        IReadOnlyList<int> large = TileSpans.Starts(1027, 64, 8); // ceil(1019 / 56) = 19 tiles, steps of 963 / 18 = 53.5
        Assert.Equal(19, large.Count);
        Assert.Equal([0, 54, 107, 161], large.Take(4));
        Assert.Equal(963, large[^1]);
        foreach ((int tile, int overlap) in new[] { (16, 4), (16, 0), (7, 3), (64, 8) })
        {
            for (int length = 1; length <= 300; length++)
            {
                IReadOnlyList<int> starts = TileSpans.Starts(length, tile, overlap);
                int size = Math.Min(tile, length);
                Assert.Equal(0, starts[0]);
                Assert.Equal(length - size, starts[^1]);
                for (int i = 1; i < starts.Count; i++)
                {
                    Assert.True(starts[i - 1] + size - starts[i] >= overlap, $"length {length}, tile {tile}: overlap {starts[i - 1] + size - starts[i]} < {overlap}");
                    Assert.True(starts[i] > starts[i - 1]);
                }
                // One tile fewer could not cover the axis with that overlap.
                Assert.True(starts.Count == 1 || (starts.Count - 2) * (tile - overlap) + tile < length, $"length {length}: {starts.Count} tiles");
            }
        }
    }

    [Fact]
    public void Blend_weights_cross_fade_linearly_and_sum_to_one_everywhere()
    {
        int[] starts = [0, 11, 21];
        // The middle tile overlaps 5 cells with the first and 6 with the last: ramps (p + 0.5) / 5 up and (16 - p - 0.5) / 6 down.
        float[] middle = TileSpans.Weights(starts, 1, 16);
        Assert.Equal(0.1f, middle[0], 6);
        Assert.Equal(0.9f, middle[4], 6);
        Assert.Equal(1f, middle[5]);
        Assert.Equal(1f, middle[9]);
        Assert.Equal((float)(5.5 / 6), middle[10], 6);
        Assert.Equal((float)(0.5 / 6), middle[15], 6);
        var total = new double[37];
        for (int i = 0; i < starts.Length; i++)
        {
            float[] w = TileSpans.Weights(starts, i, 16);
            for (int p = 0; p < 16; p++)
            {
                total[starts[i] + p] += w[p];
            }
        }
        Assert.All(total, t => Assert.Equal(1.0, t, 6));
    }

    /// <summary>Random weights with unit-gain convolutions and jittered norms, so the image varies from cell to cell (fresh init decodes to nearly its bias).</summary>
    private static FluxAutoencoder TinyVae()
    {
        var vae = new FluxAutoencoder(new AutoencoderConfig(3, 32, 3, [1, 2], 1, 16, 0.3611, 0.1159));
        using var noGrad = no_grad();
        using var generator = new torch.Generator(3);
        foreach ((string name, TorchSharp.Modules.Parameter p) in vae.named_parameters())
        {
            using Tensor noise = torch.randn(p.shape, generator: generator);
            if (p.dim() > 1)
            {
                long fanIn = p.shape.Skip(1).Aggregate(1L, (a, b) => a * b);
                p.copy_(noise * (1.0 / Math.Sqrt(fanIn)));
            }
            else
            {
                p.copy_(name.Contains("norm") && name.EndsWith("weight") ? noise * 0.1 + 1 : noise * 0.1);
            }
        }
        vae.eval();
        return vae;
    }

    [Fact]
    public void One_tile_is_the_whole_decode_bit_for_bit()
    {
        using FluxAutoencoder vae = TinyVae();
        using var noGrad = no_grad();
        using var generator = new torch.Generator(8);
        using Tensor latent = torch.randn([2, 16, 9, 7], generator: generator);
        using Tensor whole = vae.Decode(latent);
        using Tensor tiled = TiledDecode.Decode(vae, latent, tile: 9, overlap: 2);
        Assert.Equal(whole.contiguous().bytes.ToArray(), tiled.contiguous().bytes.ToArray());
    }

    [Fact]
    public void With_a_local_decoder_the_tiles_land_and_blend_exactly_where_no_tile_edge_reaches()
    {
        // A decoder whose output cell depends on its 3x3 latent neighbours only: a tile computes a cell exactly unless the
        // cell is on the tile's edge (zero padding there) that is not the image's edge. Where no such cell has weight, the
        // blend must give the whole decode back.
        using var noGrad = no_grad();
        using var generator = new torch.Generator(12);
        using Tensor kernel = torch.randn([3, 16, 3, 3], generator: generator);
        Tensor Decode(Tensor z) => nn.functional.interpolate(nn.functional.conv2d(z, kernel, padding: [1, 1]), scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
        using Tensor latent = torch.randn([1, 16, 23, 19], generator: generator);
        const int tile = 10, overlap = 4;
        using Tensor whole = Decode(latent);
        using Tensor tiled = TiledDecode.Decode(Decode, 2, 3, latent, tile, overlap);

        bool[] Exact(int length)
        {
            IReadOnlyList<int> starts = TileSpans.Starts(length, tile, overlap);
            float[][] weights = [.. Enumerable.Range(0, starts.Count).Select(i => TileSpans.Weights([.. starts.Select(s => s * 2)], i, tile * 2))];
            var exact = new bool[length];
            for (int cell = 0; cell < length; cell++)
            {
                exact[cell] = Enumerable.Range(0, starts.Count).All(i =>
                {
                    int local = cell - starts[i];
                    bool inside = local >= 0 && local < tile;
                    bool badEdge = (local == 0 && starts[i] > 0) || (local == tile - 1 && starts[i] + tile < length);
                    return !inside || !badEdge || (weights[i][2 * local] == 0 && weights[i][2 * local + 1] == 0);
                });
            }
            return exact;
        }
        bool[] rows = Exact(23), columns = Exact(19);
        float[] want = whole.contiguous().data<float>().ToArray(), got = tiled.contiguous().data<float>().ToArray();
        int compared = 0;
        for (int c = 0; c < 3; c++)
        {
            for (int y = 0; y < 46; y++)
            {
                for (int x = 0; x < 38; x++)
                {
                    int i = (c * 46 + y) * 38 + x;
                    if (rows[y / 2] && columns[x / 2])
                    {
                        Assert.True(Math.Abs(got[i] - want[i]) <= 1e-4 * (1 + Math.Abs(want[i])), $"c{c} y{y} x{x}: {got[i]} vs {want[i]}");
                        compared++;
                    }
                }
            }
        }
        Assert.True(compared > want.Length / 2, $"only {compared} of {want.Length} values away from tile edges");
        // At a tile's inner edge the padded values do leak in (with a small weight): the test would see a wrong placement.
        Assert.Contains(got.Zip(want), p => Math.Abs(p.First - p.Second) > 1e-3);
    }

    [Fact]
    public void Tiled_decode_of_a_tiny_vae_stays_near_the_whole_decode()
    {
        // Each tile's GroupNorm statistics and mid-block attention see that tile only: the result is near, not equal
        // (measured here: mean |difference| 2.0% and max 16% of the image's largest magnitude, 12-cell tiles; real
        // tiles are 64 cells, so their statistics are closer to the whole image's).
        using FluxAutoencoder vae = TinyVae();
        using var noGrad = no_grad();
        using var generator = new torch.Generator(9);
        using Tensor latent = torch.randn([1, 16, 24, 20], generator: generator);
        using Tensor whole = vae.Decode(latent);
        using Tensor tiled = TiledDecode.Decode(vae, latent, tile: 12, overlap: 4); // rows at 0, 6, 12; columns at 0, 8

        Assert.Equal(whole.shape, tiled.shape);
        using Tensor difference = (whole - tiled).abs();
        double scale = whole.abs().max().item<float>();
        double max = difference.max().item<float>(), mean = difference.mean().item<float>();
        output.WriteLine($"whole |max| {scale:G4}; tiled - whole: max {max:G4}, mean {mean:G4}");
        Assert.True(mean < 0.03 * scale, $"mean difference {mean} vs scale {scale}");
        Assert.True(max < 0.25 * scale, $"max difference {max} vs scale {scale}");
    }
}
