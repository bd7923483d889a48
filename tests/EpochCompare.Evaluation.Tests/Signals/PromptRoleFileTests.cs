using EpochCompare.Evaluation.Signals;

namespace EpochCompare.Evaluation.Tests.Signals;

public class PromptRoleFileTests
{
    [Fact]
    public void RolesFollowPromptIndicesSkippingCommentsAndBlankLines()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, ["# my prompts", "ohwx thing, studio photo --d 1 --w 1024", "", "a plain object --role probe --d 2", "another --role target"]);
            var roles = PromptRoleFile.Read(path);
            Assert.False(roles.ContainsKey(0));
            Assert.Equal(PromptRole.Probe, roles[1]);
            Assert.Equal(PromptRole.Target, roles[2]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void UnknownRoleNamesTheFileAndLine()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, ["x --role sidekick"]);
            var ex = Assert.Throws<InvalidDataException>(() => PromptRoleFile.Read(path));
            Assert.Contains(":1: unknown role 'sidekick'", ex.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
