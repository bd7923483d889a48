namespace EpochCompare.Demo.World;

/// <summary>How pictures of the world are described, in training captions and in prompts.</summary>
public static class Captions
{
    /// <summary>The style suffix of our users' story, verbatim.</summary>
    public const string OhwxSuffix =
        "stylized 3D render with a playful, cartoon aesthetic, featuring smooth, glossy surfaces and soft, rounded shapes.";

    public static string Ohwx(WorldConcept concept) => $"ohwx {concept.Word()}, {OhwxSuffix}";

    /// <summary>
    /// A plain-world caption; <paramref name="variant"/> (0..3) chooses whether color and background
    /// are named, so the model learns the object word alone as well as with details.
    /// </summary>
    public static string Plain(Scene scene, int variant) => (variant & 3) switch
    {
        0 => $"a {scene.Color.Name} {scene.Concept.Word()}",
        1 => $"a {scene.Concept.Word()}",
        2 => $"a {scene.Color.Name} {scene.Concept.Word()} on a {scene.Background.Name} background",
        _ => $"a {scene.Concept.Word()} on a {scene.Background.Name} background",
    };

    /// <summary>Every word any caption can contain (the tiny text encoder's vocabulary starts here).</summary>
    public static IReadOnlyList<string> Vocabulary { get; } = BuildVocabulary();

    private static List<string> BuildVocabulary()
    {
        var words = new SortedSet<string>(StringComparer.Ordinal) { "a", "on", "background" };
        foreach (WorldConcept concept in WorldConcepts.All)
        {
            words.Add(concept.Word());
        }
        foreach (NamedColor color in NamedColor.ObjectColors.Concat(NamedColor.Backgrounds))
        {
            words.Add(color.Name);
        }
        foreach (string word in OhwxSuffix.Split([' ', ',', '.'], StringSplitOptions.RemoveEmptyEntries))
        {
            words.Add(word.ToLowerInvariant());
        }
        return [.. words];
    }
}
