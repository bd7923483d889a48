namespace EpochCompare.Imaging.Formats.Jpeg;

/// <summary>
/// Decodes the entropy-coded data of one scan into the components' coefficient arrays:
/// baseline/sequential blocks, and the four progressive scan kinds (DC/AC, first/refinement), T.81 annex G.
/// </summary>
internal sealed class JpegScanDecoder
{
    private readonly JpegFrame _frame;
    private readonly JpegScan _scan;
    private readonly JpegHuffmanTable?[] _dcTables;
    private readonly JpegHuffmanTable?[] _acTables;
    private readonly JpegBitReader _bits;
    private int _endOfBandRun;

    private JpegScanDecoder(JpegFrame frame, JpegScan scan, JpegHuffmanTable?[] dcTables, JpegHuffmanTable?[] acTables, JpegBitReader bits)
    {
        _frame = frame;
        _scan = scan;
        _dcTables = dcTables;
        _acTables = acTables;
        _bits = bits;
    }

    /// <summary>Decodes the scan whose data starts at <paramref name="start"/>; returns the position after it.</summary>
    public static int Decode(byte[] data, int start, JpegFrame frame, JpegScan scan, JpegHuffmanTable?[] dcTables, JpegHuffmanTable?[] acTables, int restartInterval)
    {
        var decoder = new JpegScanDecoder(frame, scan, dcTables, acTables, new JpegBitReader(data, start));
        decoder.DecodeAll(restartInterval);
        return decoder._bits.Position;
    }

    private void DecodeAll(int restartInterval)
    {
        foreach (JpegComponent c in _scan.Components)
        {
            c.DcPredictor = 0;
        }
        bool single = _scan.Components.Length == 1;
        JpegComponent first = _scan.Components[0];
        int unitsPerLine = single ? first.ScanBlocksPerLine : _frame.McusPerLine;
        int unitRows = single ? first.ScanBlocksPerColumn : _frame.McusPerColumn;
        long total = (long)unitsPerLine * unitRows;
        for (long unit = 0; unit < total; unit++)
        {
            if (restartInterval > 0 && unit > 0 && unit % restartInterval == 0)
            {
                _bits.ConsumeRestartMarker();
                _endOfBandRun = 0;
                foreach (JpegComponent c in _scan.Components)
                {
                    c.DcPredictor = 0;
                }
            }
            int row = (int)(unit / unitsPerLine);
            int column = (int)(unit % unitsPerLine);
            if (single)
            {
                DecodeBlock(first, first.Block(row, column));
                continue;
            }
            foreach (JpegComponent c in _scan.Components)
            {
                for (int v = 0; v < c.V; v++)
                {
                    for (int h = 0; h < c.H; h++)
                    {
                        DecodeBlock(c, c.Block(row * c.V + v, column * c.H + h));
                    }
                }
            }
        }
    }

    private void DecodeBlock(JpegComponent component, Span<short> block)
    {
        if (!_frame.Progressive)
        {
            DecodeDcFirst(component, block);
            DecodeSequentialAc(component, block);
        }
        else if (_scan.SpectralStart == 0)
        {
            if (_scan.SuccessiveHigh == 0)
            {
                DecodeDcFirst(component, block);
            }
            else if (_bits.ReadBit() != 0)
            {
                block[0] |= (short)(1 << _scan.SuccessiveLow);
            }
        }
        else if (_scan.SuccessiveHigh == 0)
        {
            DecodeAcFirst(component, block);
        }
        else
        {
            DecodeAcRefine(component, block);
        }
    }

    private int DecodeSymbol(JpegHuffmanTable?[] tables, int index)
    {
        JpegHuffmanTable table = tables[index] ?? throw new InvalidDataException($"JPEG scan uses Huffman table {index}, which was never defined.");
        int length = table.Decode(_bits.PeekBits16(), out byte symbol);
        _bits.Skip(length);
        return symbol;
    }

    private void DecodeDcFirst(JpegComponent component, Span<short> block)
    {
        int size = DecodeSymbol(_dcTables, component.DcTable);
        if (size > 11)
        {
            throw new InvalidDataException($"JPEG DC difference has invalid size {size} (corrupt data).");
        }
        component.DcPredictor += _bits.ReceiveExtend(size);
        block[0] = (short)(component.DcPredictor << _scan.SuccessiveLow);
    }

    private void DecodeSequentialAc(JpegComponent component, Span<short> block)
    {
        for (int k = 1; k <= 63; k++)
        {
            int rs = DecodeSymbol(_acTables, component.AcTable);
            int run = rs >> 4, size = rs & 15;
            if (size == 0)
            {
                if (run != 15)
                {
                    return; // end of block
                }
                k += 15;
                continue;
            }
            k += run;
            if (k > 63)
            {
                throw new InvalidDataException("JPEG block has more than 64 coefficients (corrupt data).");
            }
            block[ZigZag.ToNatural[k]] = (short)_bits.ReceiveExtend(size);
        }
    }

    private void DecodeAcFirst(JpegComponent component, Span<short> block)
    {
        if (_endOfBandRun > 0)
        {
            _endOfBandRun--;
            return;
        }
        for (int k = _scan.SpectralStart; k <= _scan.SpectralEnd; k++)
        {
            int rs = DecodeSymbol(_acTables, component.AcTable);
            int run = rs >> 4, size = rs & 15;
            if (size == 0)
            {
                if (run < 15)
                {
                    _endOfBandRun = (1 << run) - 1 + _bits.ReadBits(run);
                    return;
                }
                k += 15;
                continue;
            }
            k += run;
            if (k > 63)
            {
                throw new InvalidDataException("JPEG block has more than 64 coefficients (corrupt data).");
            }
            block[ZigZag.ToNatural[k]] = (short)(_bits.ReceiveExtend(size) * (1 << _scan.SuccessiveLow));
        }
    }

    private void DecodeAcRefine(JpegComponent component, Span<short> block)
    {
        int plus = 1 << _scan.SuccessiveLow;
        int minus = -plus;
        int k = _scan.SpectralStart;
        int end = _scan.SpectralEnd;
        if (_endOfBandRun == 0)
        {
            for (; k <= end; k++)
            {
                int rs = DecodeSymbol(_acTables, component.AcTable);
                int run = rs >> 4, size = rs & 15;
                int value = 0;
                if (size != 0)
                {
                    if (size != 1)
                    {
                        throw new InvalidDataException("JPEG progressive refinement has a coefficient size other than 1 (corrupt data).");
                    }
                    value = _bits.ReadBit() != 0 ? plus : minus;
                }
                else if (run != 15)
                {
                    _endOfBandRun = (1 << run) + _bits.ReadBits(run);
                    break;
                }
                // Walk forward: refine coefficients already non-zero, count off 'run' zero ones, place the new one.
                for (; k <= end; k++)
                {
                    int z = ZigZag.ToNatural[k];
                    if (block[z] != 0)
                    {
                        RefineCoefficient(block, z, plus, minus);
                    }
                    else
                    {
                        if (run == 0)
                        {
                            if (value != 0)
                            {
                                block[z] = (short)value;
                            }
                            break;
                        }
                        run--;
                    }
                }
            }
        }
        if (_endOfBandRun > 0)
        {
            for (; k <= end; k++)
            {
                int z = ZigZag.ToNatural[k];
                if (block[z] != 0)
                {
                    RefineCoefficient(block, z, plus, minus);
                }
            }
            _endOfBandRun--;
        }
    }

    private void RefineCoefficient(Span<short> block, int z, int plus, int minus)
    {
        if (_bits.ReadBit() != 0 && (block[z] & plus) == 0)
        {
            block[z] += (short)(block[z] >= 0 ? plus : minus);
        }
    }
}
