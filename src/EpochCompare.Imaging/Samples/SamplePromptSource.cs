namespace EpochCompare.Imaging.Samples;

/// <summary>
/// The prompt list a samples folder is numbered by: the prompt file the user gives (kohya's
/// <c>--sample_prompts</c> file), else, for ai-toolkit samples, the run's <c>config.yaml</c> beside
/// <c>samples/</c>; null when neither is known.
/// </summary>
public static class SamplePromptSource
{
    public static IReadOnlyList<PromptLine>? Find(SampleFolder folder, string? promptFile)
    {
        if (promptFile is not null)
        {
            return PromptFile.Read(promptFile);
        }
        if (!folder.Samples.Any(s => s.Name.Naming == SampleNaming.AiToolkit))
        {
            return null;
        }
        foreach (string? dir in new[] { folder.Directory, Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(folder.Directory)) })
        {
            if (dir is not null && Path.Combine(dir, AiToolkitConfig.FileName) is var config && File.Exists(config))
            {
                return AiToolkitConfig.ReadPrompts(config);
            }
        }
        return null;
    }
}
