namespace EpochCompare.Imaging.Text;

/// <summary>The label typeface: the file given with <c>--font</c>, else the shipped DejaVu Sans.</summary>
public static class FontLocator
{
    /// <summary>
    /// An explicit <paramref name="fontPath"/> must load (a bad file is an error that names it); without one,
    /// the shipped font, so grids do not depend on what a machine has installed.
    /// </summary>
    public static Typeface Resolve(string? fontPath = null) =>
        string.IsNullOrEmpty(fontPath) ? Typeface.Default : Typeface.FromFile(fontPath);
}
