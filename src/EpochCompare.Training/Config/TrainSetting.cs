namespace EpochCompare.Training.Config;

/// <summary>
/// One option of <c>epochcompare train</c>: the same key on the command line (<c>--noise-offset</c>) and in
/// the YAML config (<c>noise-offset</c> or kohya's <c>noise_offset</c>), parsed by one function.
/// </summary>
public sealed record TrainSetting(
    string Name,
    string Section,
    string Description,
    string ValueHint,
    bool IsFlag,
    Action<TrainSettings, string> Apply,
    Func<TrainSettings, string> Show)
{
    /// <summary>The config-file key in kohya's spelling (<c>noise_offset</c>).</summary>
    public string SnakeName => Name.Replace('-', '_');
}
