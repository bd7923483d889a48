using System.CommandLine;
using System.Globalization;
using EpochCompare.Cli.Pipeline;
using EpochCompare.Flux.Devices;

namespace EpochCompare.Cli.Commands;

/// <summary>The semantic-metric options (<c>--clip</c>, <c>--dino</c>, <c>--concept</c>, <c>--trigger</c>) of metrics, train and demo.</summary>
internal sealed class SemanticOptions
{
    public Option<string?> Clip { get; } = new("--clip") { Description = "CLIP ViT weights (openai/clip-vit-large-patch14 model.safetensors, or its folder): concept_score and clip_prompt_score." };

    public Option<string?> Dino { get; } = new("--dino") { Description = "DINOv2 weights (facebook/dinov2-small or -base model.safetensors, or its folder): dino_train_nn and dino_vendi." };

    public Option<string[]> Concept { get; } = new("--concept") { Description = "The concept CLIP is asked about: N=WORDS for prompt index N, or WORDS alone for a single prompt (repeatable; default: the prompt's subject without trigger word and style suffix).", AllowMultipleArgumentsPerToken = false };

    public Option<string[]> Trigger { get; } = new("--trigger") { Description = "Trigger word(s) to drop when deriving a prompt's concept (words all prompts share are dropped anyway)." };

    public void AddTo(Command command)
    {
        command.Options.Add(Clip);
        command.Options.Add(Dino);
        command.Options.Add(Concept);
        command.Options.Add(Trigger);
    }

    /// <summary>The request, or null when neither weights file was given.</summary>
    public SemanticRequest? Read(ParseResult parseResult, ComputeDevice device)
    {
        string? clip = parseResult.GetValue(Clip), dino = parseResult.GetValue(Dino);
        string[] concepts = parseResult.GetValue(Concept) ?? [];
        if (clip is null && dino is null)
        {
            return concepts.Length > 0 ? throw new UsageException("--concept needs --clip (the concept is what CLIP is asked about).") : null;
        }
        var byIndex = new Dictionary<int, string>();
        foreach (string given in concepts)
        {
            int eq = given.IndexOf('=');
            if (eq > 0 && int.TryParse(given.AsSpan(0, eq), NumberStyles.None, CultureInfo.InvariantCulture, out int index))
            {
                byIndex[index] = given[(eq + 1)..];
            }
            else if (concepts.Length == 1)
            {
                byIndex[0] = given;
            }
            else
            {
                throw new UsageException($"--concept '{given}': with several concepts write N=WORDS (N = prompt index).");
            }
        }
        return new SemanticRequest(clip, dino, device) { Concepts = byIndex, Triggers = parseResult.GetValue(Trigger) ?? [] };
    }
}
