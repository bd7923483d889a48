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
    public void RolesAndConceptsAreReadFromJsonAndTomlPromptFilesToo()
    {
        string folder = Directory.CreateTempSubdirectory("ec-roles-").FullName;
        try
        {
            string json = Path.Combine(folder, "prompts.json");
            File.WriteAllText(json, """["ohwx car --d 1", {"prompt": "a plain chair --role probe --concept wooden chair", "seed": 3}]""");
            string toml = Path.Combine(folder, "prompts.toml");
            File.WriteAllText(toml, "[prompt]\nseed = 1\n[[prompt.subset]]\nprompt = \"ohwx revolver --role target --concept \\\"revolver\\\"\"\n[[prompt.subset]]\nprompt = \"a cup --role probe\"\n");
            var jsonRoles = PromptRoleFile.Read(json);
            Assert.False(jsonRoles.ContainsKey(0));
            Assert.Equal(PromptRole.Probe, jsonRoles[1]);
            Assert.Equal(new Dictionary<int, string> { [1] = "wooden chair" }, EpochCompare.Evaluation.Semantic.PromptConcepts.FromPromptFile(json));
            var tomlRoles = PromptRoleFile.Read(toml);
            Assert.Equal(PromptRole.Target, tomlRoles[0]);
            Assert.Equal(PromptRole.Probe, tomlRoles[1]);
            Assert.Equal(new Dictionary<int, string> { [0] = "revolver" }, EpochCompare.Evaluation.Semantic.PromptConcepts.FromPromptFile(toml));

            File.WriteAllText(json, """["x", "y --role sidekick"]""");
            var ex = Assert.Throws<InvalidDataException>(() => PromptRoleFile.Read(json));
            Assert.Contains("entry 1: unknown role 'sidekick'", ex.Message);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
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
