using EpochCompare.Evaluation.Preprocessing;
using EpochCompare.Evaluation.Signals;

namespace EpochCompare.Evaluation.Export;

/// <summary>One row per signal per (prompt, checkpoint): medians with their references, thresholds and votes.</summary>
public static class SummaryRows
{
    public static IEnumerable<SummaryRow> From(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rules = result.Options.Rules;
        foreach (EpochSummary c in result.Summaries.OrderBy(c => c.PromptId, StringComparer.Ordinal).ThenBy(c => c.Epoch))
        {
            bool probe = c.Role == PromptRole.Probe;
            SeedScale? scale = result.References.SeedScales[c.PromptId];
            double? baseToTraining = result.References.BaseToTraining[c.PromptId];
            var row = Row(result, c);
            yield return row("adoption", "median", c.Adoption, scale?.Composite, null, null, null);
            yield return row("adoption_comp", "median", c.AdoptionComposition, scale?.Edges, probe ? rules.OverrideCompositionDrift : null, null, null);
            yield return row("adoption_pal", "median", c.AdoptionPalette, scale?.Palette, null, null, null);
            yield return row("adoption_tex", "median", c.AdoptionTexture, scale?.Texture, null, null, null);
            yield return row("step_change", "median", c.StepChange, scale?.Composite, rules.ConvergedStepChange, null, null);
            yield return row("mem_norm", "median", c.MemorizationNorm, baseToTraining, probe ? rules.OverrideTrainingPull : null, null, null);
            yield return row("carlini_ratio", "median", c.CarliniRatio, result.References.Training.MedianNearestSimilarity, rules.CarliniRatioLimit, null, null);
            yield return row("leak_max", "median", c.LeakMax, null, probe ? rules.OverrideLeak : null, null, null);
            yield return row("vendi", "value", c.Diversity?.Vendi, null, null, null, null);
            yield return row("vendi_ratio", "value", c.VendiRatio, null, rules.CollapseVendiRatio, c.Flags.Collapsed ? 1 : 0, null);
            yield return row("near_dup", "votes", c.NearDuplicateSeeds, null, null, null, c.NearDuplicateSeeds);
            yield return row("memorized", "votes", c.MemorizedSeeds, null, RobustStatistics.Majority(c.Seeds), c.Flags.Memorized ? 1 : 0, c.MemorizedSeeds);
            yield return row("fried", "votes", c.FriedSeeds, null, RobustStatistics.Majority(c.Seeds), c.Flags.Fried ? 1 : 0, c.FriedSeeds);
            if (probe)
            {
                yield return row("overridden", "votes", c.OverriddenSeeds, null, RobustStatistics.Majority(c.Seeds), c.Flags.Overridden ? 1 : 0, c.OverriddenSeeds);
            }
            if (c.Semantic is { } sem)
            {
                if (sem.ConceptScore is not null)
                {
                    yield return row("concept_score", "median", sem.ConceptScore, sem.ConceptBase, rules.ConceptKeptShare * (sem.ConceptBase ?? 0), null, null);
                    yield return row("concept_drop", "median", sem.ConceptDrop, sem.ConceptBase, null, null, null);
                    yield return row("concept_lost", "votes", sem.ConceptLostSeeds, sem.ConceptPresentSeeds, RobustStatistics.Majority(Math.Max(sem.ConceptPresentSeeds, 1)), c.Flags.ConceptLost ? 1 : 0, sem.ConceptLostSeeds);
                }
                if (sem.ClipPromptScore is not null)
                {
                    yield return row("clip_prompt_score", "median", sem.ClipPromptScore, null, null, null, null);
                }
                if (sem.DinoTrainNearest is not null)
                {
                    yield return row("dino_train_nn", "median", sem.DinoTrainNearest, result.Semantic.References.TrainToTrain, result.Semantic.References.MemorizedCosine, null, null);
                    yield return row("dino_memorized", "votes", sem.DinoMemorizedSeeds, null, RobustStatistics.Majority(c.Seeds), sem.Memorized ? 1 : 0, sem.DinoMemorizedSeeds);
                }
                if (sem.DinoVendi is not null)
                {
                    yield return row("dino_vendi", "value", sem.DinoVendi, null, null, null, null);
                    yield return row("dino_vendi_ratio", "value", sem.DinoVendiRatio, null, rules.CollapseVendiRatio, sem.Collapsed ? 1 : 0, null);
                }
            }
        }
    }

    private static Func<string, string, double?, double?, double?, int?, int?, SummaryRow> Row(EvaluationResult result, EpochSummary c) =>
        (signal, stat, value, reference, threshold, flag, seedsFlagged) => new SummaryRow
        {
            RunId = result.Options.RunId,
            PreprocessingVersion = AnalysisCanvas.PreprocessingVersion,
            PromptId = c.PromptId,
            PromptRole = c.Role.ToCsv(),
            Epoch = c.Epoch,
            Signal = signal,
            Stat = stat,
            Value = value,
            Reference = reference,
            Threshold = threshold,
            Flag = flag,
            SeedsFlagged = seedsFlagged,
            SeedsTotal = c.Seeds,
        };
}
