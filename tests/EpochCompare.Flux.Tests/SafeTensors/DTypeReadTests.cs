using System.Buffers.Binary;
using System.Text;
using EpochCompare.Flux.Config;
using EpochCompare.Flux.Lora;
using EpochCompare.Flux.SafeTensors;

namespace EpochCompare.Flux.Tests.SafeTensors;

public class DTypeReadTests
{
    private static void WriteRaw(string path, string json, byte[] data)
    {
        byte[] header = Encoding.UTF8.GetBytes(json);
        using var stream = File.Create(path);
        Span<byte> prefix = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)header.Length);
        stream.Write(prefix);
        stream.Write(header);
        stream.Write(data);
    }

    [Fact]
    public void Reads_f64_i64_and_fp8_e4m3()
    {
        using var dir = new TempDirectory();
        var data = new byte[16 + 16 + 4];
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(0), 0.1);
        BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8), -2.5);
        BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(16), 16);
        BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(24), -3);
        // e4m3fn: 0x38 = 1.0, 0x7E = 448 (max), 0xC0 = -2.0, 0x01 = 2^-9 (smallest subnormal)
        data[32] = 0x38; data[33] = 0x7E; data[34] = 0xC0; data[35] = 0x01;
        string path = dir.File("types.safetensors");
        WriteRaw(path, "{\"d\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,16]},\"i\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[16,32]},\"f8\":{\"dtype\":\"F8_E4M3\",\"shape\":[4],\"data_offsets\":[32,36]}}", data);
        using var file = SafeTensorsFile.Open(path);
        Assert.Equal(new[] { 0.1, -2.5 }, file.ReadDoubles("d"));
        Assert.Equal(new[] { 0.1f, -2.5f }, file.ReadSingles("d"));
        Assert.Equal(new[] { 16.0, -3.0 }, file.ReadDoubles("i"));
        Assert.Equal(new[] { 1f, 448f, -2f, MathF.Pow(2, -9) }, file.ReadSingles("f8"));
        Assert.True(float.IsNaN(Float8E4M3.ToSingle(0x7F)));
    }

    [Fact]
    public void Kohya_alpha_stored_as_i64_is_read()
    {
        using var dir = new TempDirectory();
        FluxParams p = FluxPresets.Tiny;
        string name = "lora_unet_single_blocks_0_linear2";
        int rank = 2, inF = 640, outF = 128;
        int downBytes = rank * inF * 4, upBytes = outF * rank * 4;
        var data = new byte[8 + downBytes + upBytes];
        BinaryPrimitives.WriteInt64LittleEndian(data, 1); // argparse's int default
        for (int i = 0; i < rank * inF + outF * rank; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(8 + 4 * i), i % 7 - 3);
        }
        string path = dir.File("kohya-i64.safetensors");
        WriteRaw(path,
            $"{{\"{name}.alpha\":{{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[0,8]}}," +
            $"\"{name}.lora_down.weight\":{{\"dtype\":\"F32\",\"shape\":[{rank},{inF}],\"data_offsets\":[8,{8 + downBytes}]}}," +
            $"\"{name}.lora_up.weight\":{{\"dtype\":\"F32\",\"shape\":[{outF},{rank}],\"data_offsets\":[{8 + downBytes},{8 + downBytes + upBytes}]}}}}",
            data);
        LoraWeights lora = LoraFile.Read(path, p);
        LoraModuleWeights module = Assert.Single(lora.Modules.Values);
        Assert.Equal("single_blocks.0.linear2", module.ModulePath);
        Assert.Equal(1f, module.Alpha);
        Assert.Equal(0.5f, module.Scale);
        Assert.Equal(-3f, module.Down[0]);
    }
}
