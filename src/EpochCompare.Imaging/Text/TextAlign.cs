namespace EpochCompare.Imaging.Text;

public enum TextAlign
{
    Left,
    Center,
    Right,
}
