namespace EpochCompare.Cli.Tests;

/// <summary>A temp folder for one test class, removed when the class's tests end (best effort).</summary>
public abstract class ScratchFolder(string prefix) : IDisposable
{
    protected string Dir { get; } = Directory.CreateTempSubdirectory(prefix).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is not a test failure.
        }
        GC.SuppressFinalize(this);
    }
}
