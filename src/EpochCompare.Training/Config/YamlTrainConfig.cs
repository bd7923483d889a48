using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EpochCompare.Training.Config;

/// <summary>
/// A YAML config file with the same keys as the command line (<c>epochs: 20</c>, <c>noise-offset: 0.1</c>;
/// kohya's snake_case spellings work too). A flat mapping of scalars; unknown keys are errors.
/// </summary>
public static class YamlTrainConfig
{
    /// <summary>The file's key/value pairs, validated against the catalog and in file order.</summary>
    public static IReadOnlyList<(TrainSetting Setting, string Value)> Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: cannot read config ({ex.Message})");
        }
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            throw new InvalidDataException($"{path}: line {ex.Start.Line}: {ex.Message.ReplaceLineEndings(" ")}");
        }
        if (stream.Documents.Count == 0)
        {
            return [];
        }
        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new InvalidDataException($"{path}: expected 'key: value' lines at the top level.");
        }
        var values = new List<(TrainSetting, string)>();
        foreach (var (keyNode, valueNode) in root.Children)
        {
            string key = ((YamlScalarNode)keyNode).Value ?? "";
            TrainSetting setting = TrainSettingCatalog.Find(key)
                ?? throw new InvalidDataException($"{path}: line {keyNode.Start.Line}: unknown option '{key}'.");
            if (valueNode is not YamlScalarNode scalar)
            {
                throw new InvalidDataException($"{path}: line {valueNode.Start.Line}: '{key}' needs a single value.");
            }
            values.Add((setting, scalar.Value ?? ""));
        }
        return values;
    }

    /// <summary>Applies the file's values; a bad value is reported with the file and line.</summary>
    public static void ApplyTo(TrainSettings settings, string path)
    {
        foreach (var (setting, value) in Read(path))
        {
            try
            {
                setting.Apply(settings, value);
            }
            catch (ArgumentException ex)
            {
                throw new InvalidDataException($"{path}: {ex.Message}");
            }
        }
    }
}
