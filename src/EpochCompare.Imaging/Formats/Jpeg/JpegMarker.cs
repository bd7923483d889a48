namespace EpochCompare.Imaging.Formats.Jpeg;

/// <summary>Marker codes (the byte after 0xFF) this decoder acts on (ITU T.81 table B.1).</summary>
internal static class JpegMarker
{
    public const byte StartOfFrameBaseline = 0xC0;
    public const byte StartOfFrameExtended = 0xC1;
    public const byte StartOfFrameProgressive = 0xC2;
    public const byte DefineHuffmanTable = 0xC4;
    public const byte Restart0 = 0xD0;
    public const byte Restart7 = 0xD7;
    public const byte StartOfImage = 0xD8;
    public const byte EndOfImage = 0xD9;
    public const byte StartOfScan = 0xDA;
    public const byte DefineQuantizationTable = 0xDB;
    public const byte DefineRestartInterval = 0xDD;
    public const byte App1 = 0xE1;
    public const byte App14 = 0xEE;

    public static bool IsStartOfFrame(byte marker) => marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;

    public static bool IsRestart(byte marker) => marker is >= Restart0 and <= Restart7;
}
