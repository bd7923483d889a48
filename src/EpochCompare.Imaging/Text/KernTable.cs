namespace EpochCompare.Imaging.Text;

/// <summary>Pair kerning from the legacy 'kern' table (version 0, horizontal format-0 subtables).</summary>
internal sealed class KernTable
{
    private readonly Dictionary<uint, short> _pairs = [];

    public static KernTable Empty { get; } = new();

    public static KernTable Read(FontDataReader font, int tableOffset)
    {
        var table = new KernTable();
        if (font.U16(tableOffset) != 0)
        {
            return table; // Apple's version-1 layout: not used by the fonts we target
        }
        int count = font.U16(tableOffset + 2);
        int sub = tableOffset + 4;
        for (int i = 0; i < count; i++)
        {
            int length = font.U16(sub + 2);
            int format = font.U16(sub + 4) >> 8;
            if (format == 0)
            {
                // The 16-bit length overflows in fonts with many pairs; the pair count is authoritative.
                length = 14 + font.U16(sub + 6) * 6;
            }
            int coverage = font.U16(sub + 4);
            bool horizontal = (coverage & 1) != 0, minimum = (coverage & 2) != 0, crossStream = (coverage & 4) != 0;
            if (coverage >> 8 == 0 && horizontal && !minimum && !crossStream)
            {
                int pairs = font.U16(sub + 6);
                for (int p = 0; p < pairs; p++)
                {
                    int record = sub + 14 + p * 6;
                    uint key = (uint)font.U16(record) << 16 | font.U16(record + 2);
                    table._pairs[key] = (short)(table._pairs.GetValueOrDefault(key) + font.S16(record + 4));
                }
            }
            sub += length;
        }
        return table;
    }

    public int Count => _pairs.Count;

    public short Get(int left, int right) => _pairs.GetValueOrDefault((uint)left << 16 | (uint)(ushort)right);
}
