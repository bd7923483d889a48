using static EpochCompare.Cli.Tests.CliRunner;
using System.Text.Json;
using EpochCompare.Cli;

namespace EpochCompare.Cli.Tests;

public class PlanCommandTests
{
    [Theory]
    [InlineData("20", "100", "1", "1", 2000)]
    [InlineData("20", "100", "4", "1", 500)]
    [InlineData("20", "100", "4", "2", 250)]
    [InlineData("100", "50", "8", "1", 625)]
    public void WorkedCasesFromTheGuide(string images, string epochs, string batch, string gpus, long steps)
    {
        var (code, output, err) = Run("plan", "--images", images, "--epochs", epochs, "--batch-size", batch, "--gpus", gpus, "--json");
        Assert.True(code == CliApp.ExitOk, err);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(steps, doc.RootElement.GetProperty("total_steps").GetInt64());
        Assert.Equal(long.Parse(images), doc.RootElement.GetProperty("samples_per_epoch").GetInt64());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("lr").ValueKind);
    }

    [Fact]
    public void SqrtScalingGivesTwiceTheLearningRateAtBatch4()
    {
        var (code, output, _) = Run("plan", "--images", "20", "--epochs", "100", "--batch-size", "4", "--lr", "1e-4", "--scale-lr", "sqrt", "--json");
        Assert.Equal(CliApp.ExitOk, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(2e-4, doc.RootElement.GetProperty("lr").GetDouble(), 15);
        Assert.Equal(5, doc.RootElement.GetProperty("steps_per_epoch").GetDouble());
    }

    [Fact]
    public void RepeatsAndTextSummary()
    {
        var (code, output, _) = Run("plan", "--images", "14", "--repeats", "10", "--epochs", "18");
        Assert.Equal(CliApp.ExitOk, code);
        Assert.Contains("14 images x 10 repeats = 140", output);
        Assert.Contains("= 2520", output);
    }

    [Fact]
    public void ZeroBatchIsAUsageError()
    {
        var (code, _, err) = Run("plan", "--images", "20", "--epochs", "10", "--batch-size", "0");
        Assert.Equal(CliApp.ExitUsage, code);
        Assert.Contains("Batch size", err);
    }

    [Fact]
    public void MissingEpochsIsAUsageError()
    {
        var (code, _, err) = Run("plan", "--images", "20");
        Assert.Equal(CliApp.ExitUsage, code);
        Assert.Contains("--epochs", err);
    }
}
