namespace EpochCompare.Imaging.Formats.Png;

/// <summary>Reads the tEXt, zTXt and iTXt chunks of a PNG (A1111's <c>parameters</c>, our grid manifest).</summary>
public static class PngTextReader
{
    /// <summary>The file's text chunks in file order; a file that is not a sound PNG raises one line naming it.</summary>
    public static IReadOnlyList<PngText> Read(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        try
        {
            return Read(bytes);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    public static IReadOnlyList<PngText> Read(ReadOnlyMemory<byte> png)
    {
        var texts = new List<PngText>();
        foreach (PngChunk chunk in PngChunkReader.Read(png))
        {
            if (chunk.Type is PngChunkType.Text or PngChunkType.CompressedText or PngChunkType.InternationalText)
            {
                texts.Add(PngTextDecoding.Decode(chunk.Type, chunk.Data.Span));
            }
        }
        return texts;
    }
}
