using EpochCompare.Evaluation.Semantic;
using EpochCompare.Evaluation.Signals;
using EpochCompare.Evaluation.Verdicts;

namespace EpochCompare.Evaluation.Tests.Semantic;

/// <summary>
/// Verdict rules on constructed semantic signal tables: embeddings chosen so the concept probability,
/// nearest-training cosine and seed diversity follow a known curve. Prompt and concept names are
/// placeholders: the rules must not care what the concept is.
/// </summary>
public class SemanticVerdictTests
{
    private static readonly VerdictRules Rules = VerdictRules.Default;
    private static readonly int[] Epochs = [0, 25, 50, 75, 100, 125, 150, 175, 200];
    private static readonly int[] Seeds = [1, 2, 3, 4];

    /// <summary>A unit vector at angle theta in the (concept, alternative) plane, with a seed-specific third component.</summary>
    private static float[] Clip(double theta, int seed) => [(float)Math.Cos(theta), (float)Math.Sin(theta), 0.01f * seed];

    private static PromptConcept Concept(string name) =>
        new(name, [name, "other"], [[1, 0, 0], [0, 1, 0]], [1, 0, 0]);

    private static List<SampleKey> Keys(string prompt) =>
        [.. Epochs.SelectMany(e => Seeds.Select(s => new SampleKey(prompt, e, s)))];

    /// <summary>Appearance-neutral summaries (learned from 50, nothing flagged) merged with the semantic table.</summary>
    private static (List<EpochSummary> Summaries, SemanticTable Table) Run(SemanticInputs inputs, string prompt, PromptRole role)
    {
        var keys = Keys(prompt);
        SemanticTable table = SemanticSignalCalculator.Compute(inputs, keys, _ => 0, Rules);
        var summaries = Epochs.Select(e => new EpochSummary
        {
            PromptId = prompt,
            Role = role,
            Epoch = e,
            IsReference = e == 0,
            Seeds = Seeds.Length,
            Adoption = e == 0 ? null : Math.Min(1.0, e / 50.0),
            StepChange = e == 0 ? null : 0.1,
            Flags = CheckpointFlags.None,
        }.WithSemantic(table.Column(prompt, e))).ToList();
        return (summaries, table);
    }

    private static IReadOnlyList<PromptVerdict> Decide(List<EpochSummary> summaries, SemanticTable table, string prompt)
    {
        var notes = new Dictionary<string, IReadOnlyList<Reason>>(StringComparer.Ordinal);
        SemanticNotes.Add(notes, table, [prompt], Rules);
        return new VerdictEngine(Rules).Decide(summaries, notes);
    }

    [Fact]
    public void A_concept_that_fades_is_lost_from_the_first_persistent_checkpoint_and_clip_decides()
    {
        // Recognised (theta 0) through epoch 100, then turned toward the alternative.
        var images = Keys("p1").ToDictionary(k => k, k => Clip(k.Epoch >= 125 ? 1.0 : 0.1, k.Seed));
        var inputs = new SemanticInputs { ClipImages = images, Concepts = new Dictionary<string, PromptConcept> { ["p1"] = Concept("widget") }, LogitScale = 10 };
        var (summaries, table) = Run(inputs, "p1", PromptRole.Probe);

        SemanticColumnSignals at125 = table.Column("p1", 125)!;
        Assert.True(at125.ConceptBase > 0.99 && at125.ConceptScore < 0.1, $"{at125.ConceptScore} vs {at125.ConceptBase}");
        Assert.Equal(4, at125.ConceptLostSeeds);
        Assert.False(table.Column("p1", 100)!.ConceptLost);
        Assert.All(table.Seeds.Where(s => s.Key.Epoch == 150), s => Assert.True(s.ConceptDrop > 0.9));

        var verdicts = Decide(summaries, table, "p1");
        PromptVerdict prompt = verdicts.Single(v => v.PromptId == "p1");
        Assert.Equal("concept_lost", prompt.Verdict);
        Assert.Equal(125, prompt.OverfitFrom);
        Assert.Matches(@"CONCEPT_LOST@125 prompt=p1 concept=widget score=0\.04\d base=1 seeds=4/4 signal=clip", prompt.ReasonText);
        Assert.Contains("PERSISTS@125 checkpoints=4 signal=clip concept_score", prompt.ReasonText);
        Assert.Contains("OVERFIT_FROM@125 prompt=p1 kind=concept_lost signal=clip concept_score", verdicts[0].ReasonText);
        Assert.Contains("VERDICT_BASIS kind=semantic encoders=clip", verdicts[0].ReasonText);
        Assert.Equal(100, prompt.SweetSpotTo);
    }

    [Fact]
    public void A_concept_the_base_never_drew_cannot_be_lost()
    {
        // The base already points at the alternative; later checkpoints no more so.
        var images = Keys("p1").ToDictionary(k => k, k => Clip(1.0, k.Seed));
        var inputs = new SemanticInputs { ClipImages = images, Concepts = new Dictionary<string, PromptConcept> { ["p1"] = Concept("gadget") }, LogitScale = 10 };
        var (summaries, table) = Run(inputs, "p1", PromptRole.Probe);
        Assert.All(table.Columns, c => Assert.False(c.ConceptLost));
        Assert.All(table.Columns, c => Assert.Equal(0, c.ConceptPresentSeeds));

        var verdicts = Decide(summaries, table, "p1");
        PromptVerdict prompt = verdicts.Single(v => v.PromptId == "p1");
        Assert.Equal("ok", prompt.Verdict);
        Assert.Matches(@"CONCEPT_NEVER_PRESENT@0 concept=gadget base=0\.04\d needs=0\.5", prompt.ReasonText);
        Assert.DoesNotContain("CONCEPT_LOST", prompt.ReasonText);
    }

    [Fact]
    public void A_half_lost_concept_in_two_of_four_seeds_is_not_a_majority()
    {
        var images = Keys("p1").ToDictionary(k => k, k => Clip(k.Epoch >= 125 && k.Seed <= 2 ? 1.4 : 0.1, k.Seed));
        var inputs = new SemanticInputs { ClipImages = images, Concepts = new Dictionary<string, PromptConcept> { ["p1"] = Concept("widget") }, LogitScale = 10 };
        var (summaries, table) = Run(inputs, "p1", PromptRole.Probe);
        Assert.Equal(2, table.Column("p1", 150)!.ConceptLostSeeds);
        Assert.False(table.Column("p1", 150)!.ConceptLost);
        Assert.NotEqual("concept_lost", Decide(summaries, table, "p1").Single(v => v.PromptId == "p1").Verdict);
    }

    /// <summary>Eight training images, pairwise orthogonal except a twin pair (so train-to-train NN is 0 for most: median 0).</summary>
    private static List<(string Id, float[] Embedding)> Training() =>
        [.. Enumerable.Range(0, 8).Select(i => ($"img_{i}.png", OneHot(16, i)))];

    private static float[] OneHot(int n, int i, float rest = 0)
    {
        var v = Enumerable.Repeat(rest, n).ToArray();
        v[i] = 1;
        return v;
    }

    [Fact]
    public void A_memorised_column_is_flagged_by_dinov2_with_the_training_image_named()
    {
        // Seeds sit in their own directions (cos 0 to every training image) until 150, then copy img_3.
        var images = Keys("p1").ToDictionary(k => k, k => k.Epoch >= 150 ? OneHot(16, 3) : OneHot(16, 8 + k.Seed));
        var inputs = new SemanticInputs { DinoImages = images, DinoTraining = Training() };
        var (summaries, table) = Run(inputs, "p1", PromptRole.Target);
        // Orthogonal training images: their own neighbour cosine is 0, so the literature's 0.5 applies.
        Assert.Equal(0.5, table.References.MemorizedCosine);
        SemanticColumnSignals at150 = table.Column("p1", 150)!;
        Assert.True(at150.Memorized);
        Assert.Equal("img_3.png", at150.DinoTrainNearestId);
        Assert.False(table.Column("p1", 125)!.Memorized);

        var verdicts = Decide(summaries, table, "p1");
        PromptVerdict prompt = verdicts.Single(v => v.PromptId == "p1");
        Assert.Equal("memorized", prompt.Verdict);
        Assert.Equal(150, prompt.OverfitFrom);
        Assert.Contains("MEMORIZED@150 prompt=p1 dino_nn=1 train=img_3.png dino_seeds=4/4 signal=dinov2", prompt.ReasonText);
        Assert.Contains("signal=dinov2 dino_train_nn", verdicts[0].ReasonText);
        Assert.Contains("VERDICT_BASIS kind=semantic encoders=dinov2", verdicts[0].ReasonText);
    }

    [Fact]
    public void The_memorised_cut_off_rises_to_the_training_sets_own_neighbour_similarity()
    {
        // Training images in near-identical pairs (cos 0.9 to their twin): a sample at cos 0.7 is no copy.
        var training = Enumerable.Range(0, 4).SelectMany(i => new[]
        {
            ($"a{i}.png", OneHot(16, i)),
            ($"b{i}.png", Normalize([.. OneHot(16, i).Select((v, j) => j == i + 8 ? 0.484f : v)])),
        }).ToList();
        var images = Keys("p1").ToDictionary(k => k, k => Normalize([.. OneHot(16, 0).Select((v, j) => j == 12 + k.Seed % 4 ? 1.02f : v)]));
        var inputs = new SemanticInputs { DinoImages = images, DinoTraining = training };
        var (_, table) = Run(inputs, "p1", PromptRole.Target);
        Assert.InRange(table.References.TrainToTrain!.Value, 0.89, 0.91);
        Assert.Equal(table.References.TrainToTrain, table.References.MemorizedCosine);
        Assert.All(table.Seeds, s => Assert.InRange(s.DinoTrainNearest!.Value, 0.69, 0.71));
        Assert.All(table.Columns, c => Assert.False(c.Memorized));
    }

    private static float[] Normalize(float[] v)
    {
        float norm = MathF.Sqrt(v.Sum(x => x * x));
        return [.. v.Select(x => x / norm)];
    }

    [Fact]
    public void A_collapsed_column_is_flagged_by_dinov2_diversity_against_the_base_column()
    {
        // Base seeds distinct (Vendi 4); from 100 every seed gives the same image (Vendi 1, ratio 0.25).
        var images = Keys("p1").ToDictionary(k => k, k => k.Epoch >= 100 ? OneHot(16, 0) : OneHot(16, k.Seed));
        var inputs = new SemanticInputs { DinoImages = images };
        var (summaries, table) = Run(inputs, "p1", PromptRole.Target);
        Assert.Equal(4.0, table.Column("p1", 0)!.DinoVendi!.Value, 6);
        Assert.Equal(0.25, table.Column("p1", 100)!.DinoVendiRatio!.Value, 6);

        var verdicts = Decide(summaries, table, "p1");
        PromptVerdict prompt = verdicts.Single(v => v.PromptId == "p1");
        Assert.Equal("collapsed", prompt.Verdict);
        Assert.Equal(100, prompt.OverfitFrom);
        Assert.Contains("COLLAPSED@100 prompt=p1 dino_vendi=1 dino_vendi_ratio=0.25 signal=dinov2", prompt.ReasonText);
    }

    [Fact]
    public void Without_weights_the_verdict_says_it_is_appearance_only()
    {
        var (summaries, table) = Run(SemanticInputs.None, "p1", PromptRole.Target);
        Assert.Same(SemanticTable.Empty, table);
        Assert.All(summaries, s => Assert.Null(s.Semantic));
        var verdicts = Decide(summaries, table, "p1");
        Assert.Contains("VERDICT_BASIS kind=appearance", verdicts[0].ReasonText);
        Assert.Equal("ok", verdicts.Single(v => v.PromptId == "p1").Verdict);
    }
}
