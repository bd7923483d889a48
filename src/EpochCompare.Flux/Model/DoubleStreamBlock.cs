using EpochCompare.Flux.Modules;
using EpochCompare.Tensors;

namespace EpochCompare.Flux.Model;

/// <summary>
/// MMDiT block: image and text streams with their own weights, modulated by vec, attending jointly
/// over [txt, img] (text first).
/// </summary>
public sealed class DoubleStreamBlock : Module
{
    private readonly int _heads;

    public DoubleStreamBlock(string path, int hidden, int heads, int mlpHidden, bool qkvBias)
        : base(path)
    {
        _heads = heads;
        ImgMod = Child(new Modulation(ChildPath("img_mod"), hidden, isDouble: true));
        ImgAttn = Child(new SelfAttention(ChildPath("img_attn"), hidden, heads, qkvBias));
        ImgMlp = Child(new GeluMlp(ChildPath("img_mlp"), hidden, mlpHidden));
        TxtMod = Child(new Modulation(ChildPath("txt_mod"), hidden, isDouble: true));
        TxtAttn = Child(new SelfAttention(ChildPath("txt_attn"), hidden, heads, qkvBias));
        TxtMlp = Child(new GeluMlp(ChildPath("txt_mlp"), hidden, mlpHidden));
    }

    public Modulation ImgMod { get; }
    public SelfAttention ImgAttn { get; }
    public GeluMlp ImgMlp { get; }
    public Modulation TxtMod { get; }
    public SelfAttention TxtAttn { get; }
    public GeluMlp TxtMlp { get; }

    public (Tensor Img, Tensor Txt) Forward(Tensor img, Tensor txt, Tensor vec, Tensor pe)
    {
        (ModulationOut imgMod1, ModulationOut? imgMod2) = ImgMod.Forward(vec);
        (ModulationOut txtMod1, ModulationOut? txtMod2) = TxtMod.Forward(vec);

        (Tensor qi, Tensor ki, Tensor vi) = Project(ImgAttn, img, imgMod1);
        (Tensor qt, Tensor kt, Tensor vt) = Project(TxtAttn, txt, txtMod1);
        Tensor q = Ops.Concat([qt, qi], 2);
        Tensor k = Ops.Concat([kt, ki], 2);
        Tensor v = Ops.Concat([vt, vi], 2);
        Tensor attention = RopeAttention.Forward(q, k, v, pe);
        int txtLength = txt.Size(1);
        Tensor txtAttention = Ops.Slice(attention, 1, 0, txtLength);
        Tensor imgAttention = Ops.Slice(attention, 1, txtLength, img.Size(1));

        img = Ops.GatedResidual(img, imgMod1.Gate, ImgAttn.Proj.Forward(imgAttention));
        img = Ops.GatedResidual(img, imgMod2!.Gate, ImgMlp.Forward(Ops.LayerNormModulate(img, imgMod2.Shift, imgMod2.Scale)));
        txt = Ops.GatedResidual(txt, txtMod1.Gate, TxtAttn.Proj.Forward(txtAttention));
        txt = Ops.GatedResidual(txt, txtMod2!.Gate, TxtMlp.Forward(Ops.LayerNormModulate(txt, txtMod2.Shift, txtMod2.Scale)));
        return (img, txt);
    }

    private (Tensor Q, Tensor K, Tensor V) Project(SelfAttention attn, Tensor x, ModulationOut mod)
    {
        Tensor modulated = Ops.LayerNormModulate(x, mod.Shift, mod.Scale);
        (Tensor q, Tensor k, Tensor v) = Ops.SplitQkvHeads(attn.Qkv.Forward(modulated), _heads);
        (q, k) = attn.Norm.Forward(q, k);
        return (q, k, v);
    }
}
