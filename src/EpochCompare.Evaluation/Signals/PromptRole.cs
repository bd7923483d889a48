namespace EpochCompare.Evaluation.Signals;

/// <summary>
/// What a prompt is for. Target: the concept the LoRA should learn (drift from base is progress).
/// Probe: a concept the LoRA must not destroy (drift from base toward the training set or another
/// prompt is damage). Unmarked prompts are targets.
/// </summary>
public enum PromptRole
{
    Target,
    Probe,
}

public static class PromptRoles
{
    public const PromptRole Default = PromptRole.Target;

    public static string ToCsv(this PromptRole role) => role == PromptRole.Probe ? "probe" : "target";

    /// <summary>Parses "target" / "probe" (case-insensitive); "class" counts as a probe (a concept to keep).</summary>
    public static bool TryParse(string text, out PromptRole role)
    {
        switch (text.Trim().ToLowerInvariant())
        {
            case "target":
                role = PromptRole.Target;
                return true;
            case "probe":
            case "class":
                role = PromptRole.Probe;
                return true;
            default:
                role = Default;
                return false;
        }
    }
}
