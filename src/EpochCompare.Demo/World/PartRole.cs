namespace EpochCompare.Demo.World;

/// <summary>
/// What a part of an object is made of. Shapes say only the role; each look decides how a role is
/// painted, so one geometry serves both the plain world and the ohwx style.
/// </summary>
public enum PartRole
{
    /// <summary>The object's own color (the "red" of "a red car").</summary>
    Body,
    /// <summary>A darker shade of the body color.</summary>
    BodyShade,
    Metal,
    Dark,
    Wood,
    Glass,
    Leaf,
    Glow,
    Cloth,
}
