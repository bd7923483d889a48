using EpochCompare.Imaging.Text;

namespace EpochCompare.Imaging.Tests.Text;

public class TextLayoutTests
{
    private static readonly Font Font16 = new(Typeface.Default, 16);

    [Fact]
    public void WrappedLinesFitAndKeepEveryWordInOrder()
    {
        const string prompt = "ohwx car, stylized 3D render, studio lighting, glossy red paint, three quarter view, soft shadows";
        List<string> lines = TextLayout.Wrap(Font16, prompt, 200);
        Assert.True(lines.Count >= 3);
        Assert.All(lines, line => Assert.True(Font16.MeasureWidth(line) <= 200, line));
        Assert.Equal(prompt.Split(' '), string.Join(' ', lines).Split(' '));
        // Greedy: the next line's first word would not have fitted on the previous line.
        for (int i = 0; i + 1 < lines.Count; i++)
        {
            string first = lines[i + 1].Split(' ')[0];
            Assert.True(Font16.MeasureWidth(lines[i] + " " + first) > 200);
        }
    }

    [Fact]
    public void AWordWiderThanTheLineIsCutIntoFittingPieces()
    {
        string word = new('W', 40);
        List<string> lines = TextLayout.Wrap(Font16, "a " + word, 100);
        Assert.Equal("a", lines[0]);
        Assert.Equal(word, string.Concat(lines.Skip(1)));
        Assert.All(lines, line => Assert.True(Font16.MeasureWidth(line) <= 100));
    }

    [Fact]
    public void ExplicitNewlinesStartNewLines()
    {
        Assert.Equal(["one", "two three"], TextLayout.Wrap(Font16, "one\r\ntwo three", 1000));
    }

    [Fact]
    public void FitLineShrinksOnlyWhatDoesNotFit()
    {
        Font same = TextLayout.FitLine(Font16, "Base", 500, 6);
        Assert.Equal(16, same.Size);
        float natural = Font16.MeasureWidth("Epoch 975");
        Font smaller = TextLayout.FitLine(Font16, "Epoch 975", natural * 0.7f, 6);
        Assert.True(smaller.Size < 16);
        Assert.True(smaller.MeasureWidth("Epoch 975") <= natural * 0.7f);
        Assert.Equal(6, TextLayout.FitLine(Font16, "Epoch 975", 1, 6).Size); // floor
    }

    [Fact]
    public void EllipsizeKeepsWhatFitsAndCutsTheRestWithDots()
    {
        Assert.Equal("Base", TextLayout.Ellipsize(Font16, "Base", 500));
        string line = "s4 1_ohwx style/09_key flip";
        float room = Font16.MeasureWidth(line) * 0.5f;
        string cut = TextLayout.Ellipsize(Font16, line, room);
        Assert.EndsWith("...", cut);
        Assert.StartsWith(cut[..^3], line);
        Assert.True(Font16.MeasureWidth(cut) <= room);
        Assert.Equal("", TextLayout.Ellipsize(Font16, line, 1));
    }
}
