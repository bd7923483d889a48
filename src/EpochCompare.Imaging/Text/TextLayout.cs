namespace EpochCompare.Imaging.Text;

/// <summary>Line breaking: greedy word wrap by measured width, breaking inside words only when one word is too wide.</summary>
public static class TextLayout
{
    public static List<string> Wrap(Font font, string text, float maxWidth)
    {
        var lines = new List<string>();
        foreach (string paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            WrapParagraph(font, paragraph, maxWidth, lines);
        }
        return lines;
    }

    private static void WrapParagraph(Font font, string paragraph, float maxWidth, List<string> lines)
    {
        string[] words = paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            lines.Add("");
            return;
        }
        string current = "";
        foreach (string word in words)
        {
            string candidate = current.Length == 0 ? word : current + " " + word;
            if (font.MeasureWidth(candidate) <= maxWidth)
            {
                current = candidate;
                continue;
            }
            if (current.Length > 0)
            {
                lines.Add(current);
            }
            current = word;
            // A single word wider than the line: cut it into pieces that fit (at least one character each).
            while (font.MeasureWidth(current) > maxWidth && current.Length > 1)
            {
                int take = current.Length - 1;
                while (take > 1 && font.MeasureWidth(current[..take]) > maxWidth)
                {
                    take--;
                }
                if (char.IsHighSurrogate(current[take - 1]))
                {
                    take = take > 1 ? take - 1 : take + 1;
                }
                lines.Add(current[..take]);
                current = current[take..];
            }
        }
        lines.Add(current);
    }

    /// <summary>
    /// The A1111 rule: keep the font for lines that fit and shrink it one pixel at a time for a line that
    /// does not, down to <paramref name="minimumSize"/>. Returns the font to draw each line with.
    /// </summary>
    public static Font FitLine(Font font, string line, float maxWidth, float minimumSize)
    {
        Font fitted = font;
        while (fitted.MeasureWidth(line) > maxWidth && fitted.Size - 1 >= minimumSize)
        {
            fitted = fitted.WithSize(fitted.Size - 1);
        }
        return fitted;
    }

    /// <summary>The line itself when it fits, else its longest prefix that fits with "..." after it (no overflow).</summary>
    public static string Ellipsize(Font font, string line, float maxWidth)
    {
        if (font.MeasureWidth(line) <= maxWidth)
        {
            return line;
        }
        for (int length = line.Length - 1; length > 0; length--)
        {
            string shorter = line[..length].TrimEnd() + "...";
            if (font.MeasureWidth(shorter) <= maxWidth)
            {
                return shorter;
            }
        }
        return "";
    }
}
