using System.CommandLine;
using EpochCompare.Imaging.Formats;

namespace EpochCompare.Cli.Commands;

/// <summary><c>--format png|jpg|webp</c> and <c>--quality</c>, shared by the commands that write images.</summary>
internal static class ImageOutputOptions
{
    public static (Option<string> Format, Option<int> Quality) Create(string what)
    {
        var format = new Option<string>("--format")
        {
            Description = $"File format of the {what} images: png (lossless, default), jpg or webp; the generation parameters go into the PNG text chunk or the JPEG/WebP EXIF UserComment.",
            DefaultValueFactory = _ => "png",
        };
        var quality = new Option<int>("--quality")
        {
            Description = "JPEG/WebP quality 1-100 (WebP 100 is lossless); ignored for PNG.",
            DefaultValueFactory = _ => 90,
        };
        return (format, quality);
    }

    public static ImageEncoding Read(ParseResult parseResult, Option<string> format, Option<int> quality)
    {
        string name = parseResult.GetValue(format) ?? "png";
        ImageFormat parsed = ImageFormats.Parse(name) ?? throw new UsageException($"--format must be png, jpg or webp, got '{name}'.");
        int value = parseResult.GetValue(quality);
        if (value is < 1 or > 100)
        {
            throw new UsageException($"--quality must be 1-100, got {value}.");
        }
        return new ImageEncoding { Format = parsed, Quality = value };
    }
}
