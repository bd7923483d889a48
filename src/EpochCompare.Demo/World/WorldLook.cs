namespace EpochCompare.Demo.World;

/// <summary>The two ways the world is drawn.</summary>
public enum WorldLook
{
    /// <summary>Flat colors, thin outline, varied plain backgrounds: the world the base model knows.</summary>
    Plain,
    /// <summary>White background, soft shading, glossy highlights, thick soft outline: the style the LoRA learns.</summary>
    Ohwx,
}
