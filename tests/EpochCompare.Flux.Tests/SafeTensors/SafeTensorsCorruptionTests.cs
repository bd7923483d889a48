using System.Buffers.Binary;
using System.Text;
using EpochCompare.Flux.SafeTensors;

namespace EpochCompare.Flux.Tests.SafeTensors;

public class SafeTensorsCorruptionTests
{
    /// <summary>A file with a hand-written header and <paramref name="dataBytes"/> zero bytes of data.</summary>
    private static string WriteRaw(TempDirectory dir, string name, string json, int dataBytes, ulong? declaredLength = null)
    {
        byte[] header = Encoding.UTF8.GetBytes(json);
        byte[] bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, declaredLength ?? (ulong)header.Length);
        header.CopyTo(bytes, 8);
        string path = dir.File(name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static InvalidDataException AssertInvalid(string path, string expectedProblem)
    {
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<InvalidDataException>(() =>
        {
            using var file = SafeTensorsFile.Open(path);
        });
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        Assert.Contains(Path.GetFileName(path), ex.Message);
        Assert.Contains(expectedProblem, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.True(allocated < 4 << 20, $"rejecting {Path.GetFileName(path)} allocated {allocated} bytes");
        return ex;
    }

    [Fact]
    public void Valid_hand_written_file_is_accepted()
    {
        using var dir = new TempDirectory();
        string path = WriteRaw(dir, "ok.safetensors",
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[8,12]}}   ", 12);
        using var file = SafeTensorsFile.Open(path);
        Assert.Equal(2, file.Entries.Count);
        Assert.Equal(new float[2], file.ReadSingles("b"));
    }

    [Fact]
    public void Truncated_file_is_rejected()
    {
        using var dir = new TempDirectory();
        string source = dir.File("whole.safetensors");
        SafeTensorsWriter.Write(source, [SafeTensorToWrite.F32("x", [64], new float[64])]);
        byte[] bytes = File.ReadAllBytes(source);
        File.WriteAllBytes(dir.File("cut-data.safetensors"), bytes[..^10]);
        File.WriteAllBytes(dir.File("cut-header.safetensors"), bytes[..20]);
        File.WriteAllBytes(dir.File("cut-prefix.safetensors"), bytes[..5]);
        AssertInvalid(dir.File("cut-data.safetensors"), "past the end");
        AssertInvalid(dir.File("cut-header.safetensors"), "runs past the end");
        AssertInvalid(dir.File("cut-prefix.safetensors"), "too short");
    }

    [Fact]
    public void Header_claiming_two_to_the_forty_bytes_is_rejected_without_allocating_it()
    {
        using var dir = new TempDirectory();
        string path = WriteRaw(dir, "huge-header.safetensors", "{}", 0, declaredLength: 1UL << 40);
        AssertInvalid(path, "exceeds the 100000000-byte limit");
    }

    [Fact]
    public void Tensor_claiming_two_to_the_forty_bytes_is_rejected()
    {
        using var dir = new TempDirectory();
        string path = WriteRaw(dir, "huge-tensor.safetensors",
            "{\"x\":{\"dtype\":\"U8\",\"shape\":[1099511627776],\"data_offsets\":[0,1099511627776]}}", 16);
        AssertInvalid(path, "past the end");
    }

    [Fact]
    public void Overlapping_offsets_are_rejected()
    {
        using var dir = new TempDirectory();
        string path = WriteRaw(dir, "overlap.safetensors",
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12);
        AssertInvalid(path, "overlap");
    }

    [Fact]
    public void Holes_in_the_data_section_are_rejected()
    {
        using var dir = new TempDirectory();
        AssertInvalid(WriteRaw(dir, "gap.safetensors",
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", 12),
            "belong to no tensor");
        AssertInvalid(WriteRaw(dir, "tail.safetensors",
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 12),
            "cover 4 bytes but the data section holds 12");
    }

    [Fact]
    public void Unknown_dtype_string_is_rejected()
    {
        using var dir = new TempDirectory();
        string path = WriteRaw(dir, "dtype.safetensors", "{\"a\":{\"dtype\":\"FLOAT32\",\"shape\":[1],\"data_offsets\":[0,4]}}", 4);
        AssertInvalid(path, "unknown or unsupported dtype 'FLOAT32'");
    }

    [Fact]
    public void Shape_and_byte_count_disagreement_is_rejected()
    {
        using var dir = new TempDirectory();
        string path = WriteRaw(dir, "shape.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8);
        AssertInvalid(path, "= 12 bytes but its data_offsets span 8 bytes");
    }

    [Fact]
    public void Shape_whose_size_overflows_is_rejected()
    {
        using var dir = new TempDirectory();
        string path = WriteRaw(dir, "overflow.safetensors",
            "{\"a\":{\"dtype\":\"F64\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}", 8);
        AssertInvalid(path, "too large");
    }

    [Fact]
    public void Malformed_json_and_metadata_are_rejected()
    {
        using var dir = new TempDirectory();
        AssertInvalid(WriteRaw(dir, "json.safetensors", "{\"a\":{\"dtype\":\"F32\",", 0), "not valid JSON");
        AssertInvalid(WriteRaw(dir, "array.safetensors", "[1, 2]", 0), "not an object");
        AssertInvalid(WriteRaw(dir, "meta.safetensors", "{\"__metadata__\":{\"epochs\":3}}", 0), "not a string");
        AssertInvalid(WriteRaw(dir, "dup.safetensors",
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", 8),
            "twice");
        AssertInvalid(WriteRaw(dir, "negative.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}", 4), "invalid shape");
        AssertInvalid(WriteRaw(dir, "offsets.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}", 4), "data_offsets");
    }

    [Fact]
    public void Reading_a_missing_tensor_names_file_and_tensor()
    {
        using var dir = new TempDirectory();
        string path = dir.File("small.safetensors");
        SafeTensorsWriter.Write(path, [SafeTensorToWrite.F32("x", [1], new float[] { 1 })]);
        using var file = SafeTensorsFile.Open(path);
        var ex = Assert.Throws<KeyNotFoundException>(() => file.ReadSingles("y"));
        Assert.Contains("small.safetensors", ex.Message);
        Assert.Contains("'y'", ex.Message);
    }
}
