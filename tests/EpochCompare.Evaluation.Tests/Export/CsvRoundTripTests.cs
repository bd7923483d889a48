using EpochCompare.Evaluation.Export;
using EpochCompare.Evaluation.Preprocessing;
using EpochCompare.Evaluation.Tests.Signals;

namespace EpochCompare.Evaluation.Tests.Export;

public class CsvRoundTripTests
{
    private static EvaluationResult R => SyntheticRun.Result.Value;

    [Fact]
    public void LongRowsRoundTripExactly()
    {
        var rows = LongRows.From(R).ToList();
        var text = new StringWriter();
        CsvTables.Write(text, rows);
        var back = CsvTables.Read<LongRow>(new StringReader(text.ToString()));
        Assert.Equal(rows, back);
        Assert.All(back, r => Assert.Equal(AnalysisCanvas.PreprocessingVersion, r.PreprocessingVersion));
    }

    [Fact]
    public void SummaryAndVerdictRowsRoundTripExactly()
    {
        var summary = SummaryRows.From(R).ToList();
        var verdict = VerdictRows.From(R).ToList();
        var s = new StringWriter();
        var v = new StringWriter();
        CsvTables.Write(s, summary);
        CsvTables.Write(v, verdict);
        Assert.Equal(summary, CsvTables.Read<SummaryRow>(new StringReader(s.ToString())));
        Assert.Equal(verdict, CsvTables.Read<VerdictRow>(new StringReader(v.ToString())));
    }

    [Fact]
    public void HeadersAreStableAndSnakeCase()
    {
        var text = new StringWriter();
        CsvTables.Write(text, VerdictRows.From(R));
        string header = text.ToString().Split('\n')[0];
        Assert.Equal(
            "run_id,preprocessing_version,prompt_id,prompt_role,verdict,learned_epoch,overfit_from,overfit_kind,overfit_trigger,"
            + "sweet_spot_from,sweet_spot_to,recommended_epoch,next_experiment,next_from,next_to,next_every,reasons,verdict_basis",
            header);
        var longText = new StringWriter();
        CsvTables.Write(longText, LongRows.From(R).Take(1));
        Assert.Equal(
            "run_id,preprocessing_version,prompt_id,prompt_role,checkpoint_unit,epoch,seed,image,metric,ref_kind,ref_id,value,higher_is,size_px",
            longText.ToString().Split('\n')[0]);
    }

    [Fact]
    public void WriteAllPutsThreeFilesInTheFolder()
    {
        string dir = Path.Combine(Path.GetTempPath(), "ec-eval-" + Guid.NewGuid().ToString("N"));
        try
        {
            var paths = EvaluationCsv.WriteAll(R, dir);
            Assert.Equal([CsvTables.LongFileName, CsvTables.SummaryFileName, CsvTables.VerdictFileName], paths.Select(Path.GetFileName));
            var verdicts = CsvTables.Read<VerdictRow>(paths[2]);
            Assert.Equal("*", verdicts[0].PromptId);
            Assert.Equal(175, verdicts[0].OverfitFrom);
            Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
