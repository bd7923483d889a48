namespace EpochCompare.Imaging.Text;

/// <summary>
/// Finds a label font: an explicit file when given, else a common sans-serif TrueType font in the
/// standard places on Linux, Windows and macOS, else the built-in stroke font.
/// </summary>
public static class FontLocator
{
    /// <summary>Candidate files in order of preference (DejaVu Sans first: it is on Debian by default).</summary>
    public static IReadOnlyList<string> SystemCandidates { get; } =
    [
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",   // Debian, Ubuntu (fonts-dejavu-core)
        "/usr/share/fonts/dejavu/DejaVuSans.ttf",            // Fedora
        "/usr/share/fonts/TTF/DejaVuSans.ttf",               // Arch
        "/usr/share/fonts/dejavu-sans-fonts/DejaVuSans.ttf", // newer Fedora
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/local/share/fonts/DejaVuSans.ttf",             // FreeBSD
        @"C:\Windows\Fonts\segoeui.ttf",
        @"C:\Windows\Fonts\arial.ttf",
        "/System/Library/Fonts/Supplemental/Arial.ttf",      // macOS 10.15+
        "/Library/Fonts/Arial.ttf",
    ];

    /// <summary>
    /// The typeface for labels. An explicit <paramref name="fontPath"/> must load (a bad file is an error
    /// that names it); system fonts that fail to parse are skipped.
    /// </summary>
    public static ITypeface Resolve(string? fontPath = null)
    {
        if (!string.IsNullOrEmpty(fontPath))
        {
            if (!File.Exists(fontPath))
            {
                throw new FileNotFoundException($"{fontPath}: font file not found.", fontPath);
            }
            return TrueTypeFont.Load(fontPath);
        }
        foreach (string candidate in SystemCandidates)
        {
            if (!File.Exists(candidate))
            {
                continue;
            }
            try
            {
                return TrueTypeFont.Load(candidate);
            }
            catch (Exception ex) when (ex is InvalidDataException or IOException)
            {
                // An unusable system font is not the user's problem: try the next one.
            }
        }
        return StrokeFont.Default;
    }
}
