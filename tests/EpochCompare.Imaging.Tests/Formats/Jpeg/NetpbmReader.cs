using System.Text;

namespace EpochCompare.Imaging.Tests.Formats.Jpeg;

/// <summary>Reads binary PPM (P6) and PGM (P5) files with maxval 255, as djpeg writes them, into RGBA.</summary>
internal static class NetpbmReader
{
    public static RgbaImage Read(string path)
    {
        byte[] data = File.ReadAllBytes(path);
        int position = 0;
        string magic = Token(data, ref position);
        int width = int.Parse(Token(data, ref position));
        int height = int.Parse(Token(data, ref position));
        Assert.Equal("255", Token(data, ref position));
        position++; // the single whitespace byte before the raster
        int channels = magic == "P6" ? 3 : magic == "P5" ? 1 : throw new InvalidDataException($"{path}: not P5/P6");
        var image = new RgbaImage(width, height);
        for (int i = 0; i < width * height; i++)
        {
            for (int c = 0; c < 3; c++)
            {
                image.Pixels[i * 4 + c] = data[position + i * channels + (channels == 3 ? c : 0)];
            }
            image.Pixels[i * 4 + 3] = 255;
        }
        return image;
    }

    private static string Token(byte[] data, ref int position)
    {
        while (char.IsWhiteSpace((char)data[position]))
        {
            position++;
        }
        var token = new StringBuilder();
        while (!char.IsWhiteSpace((char)data[position]))
        {
            token.Append((char)data[position++]);
        }
        return token.ToString();
    }
}
