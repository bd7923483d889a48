using EpochCompare.Evaluation.Semantic;

namespace EpochCompare.Evaluation.Tests.Semantic;

public class PromptConceptsTests
{
    private static readonly Dictionary<int, string> None = [];

    [Fact]
    public void Trigger_word_shared_by_every_prompt_and_the_style_suffix_are_removed()
    {
        var concepts = PromptConcepts.Derive(
            ["ohwx car, stylized 3D render, soft light --d 1", "ohwx revolver, stylized 3D render --w 512", "a photo of ohwx red vintage lamp"],
            None, []);
        Assert.Equal("car", concepts[0]);
        Assert.Equal("revolver", concepts[1]);
        Assert.Equal("photo of red vintage lamp", concepts[2]);
    }

    [Fact]
    public void Explicit_concepts_and_given_triggers_win()
    {
        var concepts = PromptConcepts.Derive(["sks dog on a beach, watercolor"], new Dictionary<int, string>(), ["sks"]);
        Assert.Equal("dog on a beach", concepts[0]);
        Assert.Equal("dog", PromptConcepts.Derive(["sks dog on a beach"], new Dictionary<int, string> { [0] = "dog" }, [])[0]);
        Assert.Empty(PromptConcepts.Derive(["ohwx", "ohwx, a style"], None, []));
    }

    [Fact]
    public void Concept_line_option_runs_to_the_next_option()
    {
        Assert.Equal("red revolver", PromptConcepts.LineOption("ohwx gun, 3d --concept red revolver --d 42"));
        Assert.Equal("revolver", PromptConcepts.LineOption("ohwx gun --concept \"revolver\""));
        Assert.Null(PromptConcepts.LineOption("ohwx gun --d 4"));
    }
}
