namespace EpochCompare.Demo.World;

/// <summary>The objects of the synthetic world; the word is what captions and prompts call it.</summary>
public enum WorldConcept
{
    Car,
    Revolver,
    Sword,
    House,
    Tree,
    Cup,
    Boat,
    Fish,
    Flower,
    Chair,
    Key,
    Lamp,
}

public static class WorldConcepts
{
    public static IReadOnlyList<WorldConcept> All { get; } = Enum.GetValues<WorldConcept>();

    public static string Word(this WorldConcept concept) => concept.ToString().ToLowerInvariant();

    public static WorldConcept Parse(string word)
    {
        string wanted = word.Trim().ToLowerInvariant();
        foreach (WorldConcept concept in All)
        {
            if (concept.Word() == wanted)
            {
                return concept;
            }
        }
        throw new ArgumentException($"'{word}' is not an object of the synthetic world ({string.Join(", ", All.Select(c => c.Word()))}).");
    }
}
