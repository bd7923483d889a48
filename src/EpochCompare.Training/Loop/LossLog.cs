using System.Globalization;

namespace EpochCompare.Training.Loop;

/// <summary>
/// <c>{name}-loss.csv</c> beside the checkpoints: one row per optimizer step. On resume, rows after the
/// resumed step are dropped so the log reads as one uninterrupted run.
/// </summary>
public sealed class LossLog : IDisposable
{
    public const string Header = "step,epoch,loss,lr,grad_norm";
    private readonly StreamWriter _writer;

    public LossLog(string path, long resumeStep)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var kept = new List<string> { Header };
        if (resumeStep > 0 && File.Exists(path))
        {
            kept.AddRange(File.ReadLines(path).Skip(1).Where(line =>
                long.TryParse(line.AsSpan(0, Math.Max(0, line.IndexOf(','))), NumberStyles.None, CultureInfo.InvariantCulture, out long step) && step <= resumeStep));
        }
        File.WriteAllLines(path, kept);
        _writer = new StreamWriter(path, append: true);
    }

    public void Add(long step, double epoch, double loss, double lr, double gradNorm) =>
        _writer.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{step},{epoch:0.####},{loss:R},{lr:R},{gradNorm:R}"));

    public void Flush() => _writer.Flush();

    public void Dispose() => _writer.Dispose();
}
