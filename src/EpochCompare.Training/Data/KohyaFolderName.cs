using System.Globalization;

namespace EpochCompare.Training.Data;

/// <summary>
/// A kohya DreamBooth folder name <c>&lt;repeats&gt;_&lt;class tokens&gt;</c>: <c>10_ohwx style</c> is 10 repeats
/// with the tokens "ohwx style" (the text after the first underscore, kept as written).
/// </summary>
public sealed record KohyaFolderName(int Repeats, string ClassTokens)
{
    public static bool TryParse(string folderName, out KohyaFolderName? parsed)
    {
        parsed = null;
        int underscore = folderName.IndexOf('_');
        string head = underscore < 0 ? folderName : folderName[..underscore];
        if (!int.TryParse(head, NumberStyles.None, CultureInfo.InvariantCulture, out int repeats) || repeats < 1)
        {
            return false;
        }
        parsed = new KohyaFolderName(repeats, underscore < 0 ? "" : folderName[(underscore + 1)..].Trim());
        return true;
    }
}
