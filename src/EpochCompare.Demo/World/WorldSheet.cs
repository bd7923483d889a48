using EpochCompare.Imaging;

namespace EpochCompare.Demo.World;

/// <summary>A contact sheet of the world: one column per concept, rows of plain then ohwx renders.</summary>
public static class WorldSheet
{
    public static RgbaImage Render(int seed, int rowsPerLook, int cellSize)
    {
        IReadOnlyList<WorldConcept> concepts = WorldConcepts.All;
        var sheet = RgbaImage.Filled(concepts.Count * cellSize, 2 * rowsPerLook * cellSize, Rgba32.White);
        var sampler = new SceneSampler(seed);
        for (int column = 0; column < concepts.Count; column++)
        {
            for (int row = 0; row < 2 * rowsPerLook; row++)
            {
                WorldLook look = row < rowsPerLook ? WorldLook.Plain : WorldLook.Ohwx;
                RgbaImage cell = WorldRenderer.Render(sampler.Next(concepts[column]), look, cellSize);
                // Renders are opaque: each row of the cell is copied as it is.
                for (int y = 0; y < cellSize; y++)
                {
                    cell.Row(y).CopyTo(sheet.Row(row * cellSize + y).Slice(column * cellSize * RgbaImage.BytesPerPixel));
                }
            }
        }
        return sheet;
    }
}
