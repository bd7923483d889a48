using System.Text;
using EpochCompare.Imaging.Formats.Png;

namespace EpochCompare.Imaging.Tests.Formats.Png;

public class Crc32Tests
{
    [Fact]
    public void StandardCheckValueMatches()
    {
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));
    }

    [Fact]
    public void TableCrcEqualsBitwiseCrcAndAppendsInPieces()
    {
        var data = new byte[1000];
        new Random(7).NextBytes(data);
        uint whole = Crc32.Compute(data);
        Assert.Equal(PngTestReader.BitwiseCrc(data), whole);
        Assert.Equal(whole, Crc32.Append(Crc32.Compute(data.AsSpan(0, 333)), data.AsSpan(333)));
    }

    [Fact]
    public void IendChunkCrcIsTheWellKnownConstant()
    {
        Assert.Equal(0xAE426082u, Crc32.Compute("IEND"u8));
    }
}
