using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EpochCompare.Flux.Transformer;

/// <summary>
/// BFL's <c>DoubleStreamBlock</c> (MMDiT): image and text streams with their own weights, modulated by vec,
/// attending jointly over [txt, img] (text first).
/// </summary>
public sealed class DoubleStreamBlock : nn.Module<Tensor, Tensor, Tensor, Tensor, (Tensor Img, Tensor Txt)>
{
    private readonly Modulation img_mod;
    private readonly SelfAttention img_attn;
    private readonly Sequential img_mlp;
    private readonly Modulation txt_mod;
    private readonly SelfAttention txt_attn;
    private readonly Sequential txt_mlp;

    public DoubleStreamBlock(long hidden, int numHeads, long mlpHidden, bool qkvBias, Device? device = null, ScalarType? dtype = null)
        : base(nameof(DoubleStreamBlock))
    {
        img_mod = new Modulation(hidden, isDouble: true, device, dtype);
        img_attn = new SelfAttention(hidden, numHeads, qkvBias, device, dtype);
        img_mlp = GeluMlp.Create(hidden, mlpHidden, device, dtype);
        txt_mod = new Modulation(hidden, isDouble: true, device, dtype);
        txt_attn = new SelfAttention(hidden, numHeads, qkvBias, device, dtype);
        txt_mlp = GeluMlp.Create(hidden, mlpHidden, device, dtype);
        RegisterComponents();
    }

    public override (Tensor Img, Tensor Txt) forward(Tensor img, Tensor txt, Tensor vec, Tensor pe)
    {
        using var scope = NewDisposeScope();
        (ModulationOut imgMod1, ModulationOut? imgMod2) = img_mod.call(vec);
        (ModulationOut txtMod1, ModulationOut? txtMod2) = txt_mod.call(vec);

        (Tensor imgQ, Tensor imgK, Tensor imgV) = img_attn.Project(imgMod1.Modulate(LayerNorms.Plain(img)));
        (Tensor txtQ, Tensor txtK, Tensor txtV) = txt_attn.Project(txtMod1.Modulate(LayerNorms.Plain(txt)));
        Tensor q = torch.cat([txtQ, imgQ], 2), k = torch.cat([txtK, imgK], 2), v = torch.cat([txtV, imgV], 2);
        Tensor attention = Attention.Forward(q, k, v, pe);
        long txtLength = txt.shape[1];
        Tensor txtAttention = attention[.., ..(int)txtLength];
        Tensor imgAttention = attention[.., (int)txtLength..];

        img = img.Plus(imgMod1.Gate * img_attn.Proj.call(imgAttention));
        img = img.Plus(imgMod2!.Gate * img_mlp.call(imgMod2.Modulate(LayerNorms.Plain(img))));
        txt = txt.Plus(txtMod1.Gate * txt_attn.Proj.call(txtAttention));
        txt = txt.Plus(txtMod2!.Gate * txt_mlp.call(txtMod2.Modulate(LayerNorms.Plain(txt))));
        return (img.MoveToOuterDisposeScope(), txt.MoveToOuterDisposeScope());
    }
}
