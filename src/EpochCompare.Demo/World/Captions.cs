namespace EpochCompare.Demo.World;

/// <summary>How pictures of the world are described, in training captions and in prompts.</summary>
public static class Captions
{
    /// <summary>The style suffix of our users' story, verbatim.</summary>
    public const string OhwxSuffix =
        "stylized 3D render with a playful, cartoon aesthetic, featuring smooth, glossy surfaces and soft, rounded shapes.";

    public static string Ohwx(WorldConcept concept) => $"ohwx {concept.Word()}, {OhwxSuffix}";

    /// <summary>The shortest prompt for a concept, "a car": caption variant 1, what the base model's quality is measured on.</summary>
    public static string Bare(WorldConcept concept) => $"a {concept.Word()}";

    /// <summary>How many caption variants <see cref="Plain(Scene, int, SceneSampler?)"/> knows.</summary>
    public const int PlainVariants = 5;

    /// <summary>
    /// A plain-world caption; <paramref name="variant"/> (0..4) chooses whether color and background
    /// are named, so the model learns the object word alone as well as with details. Variant 4 appends
    /// a few look words drawn with <paramref name="words"/> ("a red car, glossy cartoon render"): the base
    /// model then reads long style prompts, like the story's, as the object they name instead of as noise.
    /// </summary>
    public static string Plain(Scene scene, int variant, SceneSampler? words = null) => variant switch
    {
        0 => $"a {scene.Color.Name} {scene.Concept.Word()}",
        1 => Bare(scene.Concept),
        2 => $"a {scene.Color.Name} {scene.Concept.Word()} on a {scene.Background.Name} background",
        3 => $"a {scene.Concept.Word()} on a {scene.Background.Name} background",
        4 when words is not null => $"a {scene.Color.Name} {scene.Concept.Word()}, {LookWords(words)}",
        _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "caption variant 4 needs a word sampler; variants are 0..4"),
    };

    /// <summary>Words that describe a look rather than an object: the style caption's words and a few more.</summary>
    public static IReadOnlyList<string> LookWordList { get; } =
    [
        .. OhwxSuffix.Split([' ', ',', '.'], StringSplitOptions.RemoveEmptyEntries).Select(w => w.ToLowerInvariant()).Distinct(),
        "simple", "flat", "drawing", "illustration", "clean", "bright", "icon", "picture",
    ];

    private static string LookWords(SceneSampler words)
    {
        int count = 2 + words.NextInt(6);
        return string.Join(" ", Enumerable.Range(0, count).Select(_ => LookWordList[words.NextInt(LookWordList.Count)]));
    }

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
        foreach (string word in LookWordList)
        {
            words.Add(word);
        }
        return [.. words];
    }
}
