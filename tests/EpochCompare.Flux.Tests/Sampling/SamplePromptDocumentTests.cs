using EpochCompare.Flux.Sampling;

namespace EpochCompare.Flux.Tests.Sampling;

/// <summary>kohya's .toml and .json sample-prompt files (train_util load_prompts), read into the same prompts a .txt line gives.</summary>
public class SamplePromptDocumentTests
{
    private static IReadOnlyList<SamplePrompt> ReadFile(string name, string text)
    {
        using var dir = new TempDirectory();
        string path = dir.File(name);
        File.WriteAllText(path, text);
        return SamplePromptFile.Read(path);
    }

    [Fact]
    public void Toml_subsets_take_the_prompt_table_defaults_in_order()
    {
        IReadOnlyList<SamplePrompt> prompts = ReadFile("sample_prompts.toml", """
            # kohya sample prompts
            [prompt]
            width = 512
            height = 768
            sample_steps = 28
            guidance_scale = 3.5
            sample_sampler = "euler"

              [[prompt.subset]]
              prompt = "ohwx dog on a beach"
              seed = 42

              [[prompt.subset]]
              prompt = "ohwx dog in snow"
              negative_prompt = "blurry"
              seed = 7
              scale = 2.5
            """);
        Assert.Equal(
        [
            new SamplePrompt("ohwx dog on a beach", "", 512, 768, 42, 28, null, 3.5),
            new SamplePrompt("ohwx dog in snow", "blurry", 512, 768, 7, 28, 2.5, 3.5),
        ], prompts);
        // The same entry as a .txt line reads the same.
        Assert.Equal(prompts[1], SamplePromptFile.ParseLine("ohwx dog in snow --n blurry --w 512 --h 768 --d 7 --s 28 --l 2.5 --g 3.5 --ss euler", "p.txt", 1));
    }

    [Fact]
    public void Json_lists_objects_and_prompt_lines()
    {
        IReadOnlyList<SamplePrompt> prompts = ReadFile("prompts.json", """
            [
              {"prompt": "ohwx cat", "width": 64, "height": 64, "seed": 3, "sample_steps": 4, "controlnet_image": null},
              "ohwx cat, watercolor --d 5 --w 64 --h 64"
            ]
            """);
        Assert.Equal([new SamplePrompt("ohwx cat", "", 64, 64, 3, 4), new SamplePrompt("ohwx cat, watercolor", "", 64, 64, 5)], prompts);
    }

    [Theory]
    [InlineData("p.toml", "[prompt]\nwidth = 64\n[[prompt.subset]]\nprompt = \"a\"\nwidth = 32\n", "p.toml subset 1: 'width' is set both in [prompt] and in the subset")]
    [InlineData("p.toml", "[prompt]\nwidth = 64\n", "p.toml: no [[prompt.subset]] entries")]
    [InlineData("p.toml", "[general]\nx = 1\n", "p.toml: no [prompt] table")]
    [InlineData("p.toml", "[prompt\n", "p.toml: not valid TOML")]
    [InlineData("p.toml", "[prompt]\n[[prompt.subset]]\nprompt = \"a\"\nsteps = 20\n", "p.toml subset 1: unknown key 'steps'")]
    [InlineData("p.json", "[{\"prompt\": \"a\", \"width\": \"wide\"}]", "p.json entry 1: 'width' needs a positive whole number, got 'wide'")]
    [InlineData("p.json", "[{\"prompt\": \"a\"}, {\"seed\": 1}]", "p.json entry 2: no prompt text")]
    [InlineData("p.json", "{\"prompt\": \"a\"}", "p.json: expected a JSON list of prompts")]
    [InlineData("p.json", "[\"a --q 1\"]", "p.json line 1: unknown option --q")]
    public void Bad_files_name_the_file_and_entry(string name, string text, string message)
    {
        var error = Assert.Throws<InvalidDataException>(() => ReadFile(name, text));
        Assert.StartsWith(message, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
