namespace EpochCompare.Flux.TextEncoders.T5;

/// <summary>
/// T5's <c>spiece.model</c> has no BOS (<c>trainer_spec.bos_id = -1</c>), and Microsoft.ML.Tokenizers 2.0.1's
/// unigram model indexes its vocabulary by the BOS id when it loads, so it cannot read the file as it is. This
/// points <c>bos_id</c> at the pad piece (id 0) in memory; the tokenizer never adds a BOS, so the ids of every
/// text are unchanged. The shipped file stays byte-for-byte the original.
/// </summary>
internal static class SentencePieceModelPatch
{
    private const int TrainerSpecField = 2;
    private const int BosIdField = 41;
    private const int LengthDelimited = 2;
    private const int Varint = 0;

    public static byte[] WithBosId(ReadOnlySpan<byte> model, int bosId)
    {
        var output = new List<byte>(model.Length);
        int position = 0;
        while (position < model.Length)
        {
            int fieldStart = position;
            ulong tag = ReadVarint(model, ref position);
            int field = (int)(tag >> 3), wire = (int)(tag & 7);
            if (field == TrainerSpecField && wire == LengthDelimited)
            {
                int length = checked((int)ReadVarint(model, ref position));
                byte[] spec = RewriteTrainerSpec(model.Slice(position, length), bosId);
                position += length;
                WriteVarint(output, tag);
                WriteVarint(output, (ulong)spec.Length);
                output.AddRange(spec);
                continue;
            }
            SkipValue(model, ref position, wire);
            output.AddRange(model[fieldStart..position].ToArray());
        }
        return [.. output];
    }

    private static byte[] RewriteTrainerSpec(ReadOnlySpan<byte> spec, int bosId)
    {
        var output = new List<byte>(spec.Length + 2);
        int position = 0;
        while (position < spec.Length)
        {
            int fieldStart = position;
            ulong tag = ReadVarint(spec, ref position);
            int field = (int)(tag >> 3), wire = (int)(tag & 7);
            SkipValue(spec, ref position, wire);
            if (field != BosIdField)
            {
                output.AddRange(spec[fieldStart..position].ToArray());
            }
        }
        WriteVarint(output, (ulong)(BosIdField << 3 | Varint));
        WriteVarint(output, (ulong)(long)bosId);
        return [.. output];
    }

    private static void SkipValue(ReadOnlySpan<byte> data, ref int position, int wire)
    {
        switch (wire)
        {
            case 0:
                ReadVarint(data, ref position);
                break;
            case 1:
                position += 8;
                break;
            case 2:
                int length = checked((int)ReadVarint(data, ref position));
                position += length;
                break;
            case 5:
                position += 4;
                break;
            default:
                throw new InvalidDataException($"spiece.model: unsupported protobuf wire type {wire}.");
        }
        if (position > data.Length)
        {
            throw new InvalidDataException("spiece.model: truncated protobuf.");
        }
    }

    private static ulong ReadVarint(ReadOnlySpan<byte> data, ref int position)
    {
        ulong value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length)
            {
                throw new InvalidDataException("spiece.model: truncated protobuf varint.");
            }
            byte b = data[position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }
        throw new InvalidDataException("spiece.model: malformed protobuf varint.");
    }

    private static void WriteVarint(List<byte> output, ulong value)
    {
        while (value >= 0x80)
        {
            output.Add((byte)(value | 0x80));
            value >>= 7;
        }
        output.Add((byte)value);
    }
}
