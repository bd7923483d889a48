using EpochCompare.Evaluation.Features;
using EpochCompare.Evaluation.Preprocessing;
using EpochCompare.Evaluation.Semantic;
using EpochCompare.Evaluation.Signals;

namespace EpochCompare.Evaluation.Export;

/// <summary>Flattens an evaluation into one row per measured value (metrics_long.csv).</summary>
public static class LongRows
{
    public static IEnumerable<LongRow> From(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        foreach (SeedSignals s in result.Signals.OrderBy(s => s.PromptId, StringComparer.Ordinal).ThenBy(s => s.Epoch).ThenBy(s => s.Seed))
        {
            var row = Row(result, s.PromptId, s.Role, s.Epoch, s.Seed, s.Cell.Cell.Source);
            string baseId = $"epoch={s.ReferenceEpoch}";
            if (s.Epoch != s.ReferenceEpoch)
            {
                foreach (var r in PairRows(row, s.ToReference, "base_same_seed", baseId))
                {
                    yield return r;
                }
                yield return row("adoption", "base_same_seed", baseId, s.Adoption, "different");
                yield return row("adoption_comp", "base_same_seed", baseId, s.AdoptionComposition, "different");
                yield return row("adoption_pal", "base_same_seed", baseId, s.AdoptionPalette, "different");
                yield return row("adoption_tex", "base_same_seed", baseId, s.AdoptionTexture, "different");
            }
            if (s.ToPrevious is not null)
            {
                string previousId = $"epoch={s.PreviousEpoch}";
                foreach (var r in PairRows(row, s.ToPrevious, "prev_epoch_same_seed", previousId))
                {
                    yield return r;
                }
                yield return row("step_change", "prev_epoch_same_seed", previousId, s.StepChange, "different");
            }
            if (s.Nearest is { } nearest)
            {
                yield return row("composite_cos", "train_nn", nearest.Variant.RefId, nearest.Similarity, "similar");
                yield return row("mem_norm", "train_nn", nearest.Variant.RefId, s.MemorizationNorm, "similar");
                yield return row("carlini_ratio", "train_nn", nearest.Variant.RefId, s.CarliniRatio, "different");
                yield return row("phash_hamming", "train_nn", nearest.HashVariant.RefId, nearest.PerceptualHashDistance, "different");
                yield return row("dhash_hamming", "train_nn", nearest.HashVariant.RefId, nearest.DifferenceHashDistance, "different");
                yield return row("near_dup", "train_nn", nearest.HashVariant.RefId, s.NearDuplicate ? 1 : 0, "similar");
            }
            foreach (CrossPromptLeak leak in s.Leaks)
            {
                yield return row("composite_cos", "cross_prompt_same_seed", $"prompt={leak.OtherPrompt}", leak.Similarity, "similar");
                yield return row("leak_norm", "cross_prompt_same_seed", $"prompt={leak.OtherPrompt}", leak.Normalized, "similar");
            }
            var stats = s.Cell.Features.Fried.Values;
            for (int k = 0; k < FriedStatistics.Names.Count; k++)
            {
                yield return row(FriedStatistics.Names[k], "none", null, stats[k], "neutral");
                yield return row(FriedStatistics.Names[k] + "_z", "base_pool", "epoch=reference", s.FriedZ[k], "different");
            }
            yield return row("fried", "base_pool", "epoch=reference", s.Fried ? 1 : 0, "different");
        }
        foreach (EpochSummary c in result.Summaries.OrderBy(c => c.PromptId, StringComparer.Ordinal).ThenBy(c => c.Epoch))
        {
            if (c.Diversity is null)
            {
                continue;
            }
            var row = Row(result, c.PromptId, c.Role, c.Epoch, null, null);
            yield return row("vendi", "seed_set", null, c.Diversity.Vendi, "different");
            yield return row("vendi_ratio", "seed_set", $"epoch={result.Samples.ReferenceEpochOf(c.PromptId)}", c.VendiRatio, "different");
            yield return row("pairwise_phash_mean", "seed_set", null, c.Diversity.PairwisePerceptualHashMean, "different");
        }
        foreach (LongRow r in SemanticRows(result))
        {
            yield return r;
        }
    }

    /// <summary>CLIP / DINOv2 rows (only when their weights were given): per image, then per column.</summary>
    private static IEnumerable<LongRow> SemanticRows(EvaluationResult result)
    {
        var sources = result.Signals.ToDictionary(s => new SampleKey(s.PromptId, s.Epoch, s.Seed), s => s.Cell.Cell.Source);
        var roles = result.Summaries.GroupBy(c => c.PromptId).ToDictionary(g => g.Key, g => g.First().Role, StringComparer.Ordinal);
        foreach (SemanticSeedSignals s in result.Semantic.Seeds)
        {
            var row = Row(result, s.Key.PromptId, roles[s.Key.PromptId], s.Key.Epoch, s.Key.Seed, sources.GetValueOrDefault(s.Key));
            string concept = $"concept={result.Semantic.Column(s.Key.PromptId, s.Key.Epoch)?.Concept}";
            if (s.ConceptScore is not null)
            {
                yield return row("concept_score", "none", concept, s.ConceptScore, "similar");
                if (s.Key.Epoch != s.ReferenceEpoch)
                {
                    yield return row("concept_drop", "base_same_seed", $"epoch={s.ReferenceEpoch}", s.ConceptDrop, "different");
                    yield return row("concept_lost", "base_same_seed", $"epoch={s.ReferenceEpoch}", s.ConceptLost ? 1 : 0, "different");
                }
            }
            if (s.ClipPromptScore is not null)
            {
                yield return row("clip_prompt_score", "none", "prompt", s.ClipPromptScore, "similar");
            }
            if (s.DinoTrainNearest is not null)
            {
                string train = $"train:{s.DinoTrainNearestId}";
                yield return row("dino_train_nn", "train_nn", train, s.DinoTrainNearest, "similar");
                yield return row("dino_mem_norm", "train_nn", train, s.DinoMemorizationNorm, "similar");
                yield return row("dino_memorized", "train_nn", train, s.DinoMemorized ? 1 : 0, "similar");
            }
        }
        foreach (SemanticColumnSignals c in result.Semantic.Columns.Where(c => c.DinoVendi is not null))
        {
            var row = Row(result, c.PromptId, roles[c.PromptId], c.Epoch, null, null);
            yield return row("dino_vendi", "seed_set", null, c.DinoVendi, "different");
            yield return row("dino_vendi_ratio", "seed_set", $"epoch={result.Samples.ReferenceEpochOf(c.PromptId)}", c.DinoVendiRatio, "different");
        }
    }

    private static IEnumerable<LongRow> PairRows(Func<string, string, string?, double?, string, LongRow> row, PairDistances d, string refKind, string refId)
    {
        yield return row("composite_cos", refKind, refId, 1 - d.Composite, "similar");
        yield return row("hog_pyr_cos", refKind, refId, 1 - d.Edges, "similar");
        yield return row("hsv_hellinger", refKind, refId, d.Palette, "different");
        yield return row("lbp_chi2", refKind, refId, d.Texture, "different");
        yield return row("tiny_cos", refKind, refId, 1 - d.Tiny, "similar");
        yield return row("phash_hamming", refKind, refId, d.PerceptualHash, "different");
        yield return row("dhash_hamming", refKind, refId, d.DifferenceHash, "different");
        if (d.Ssim is { } ssim)
        {
            yield return row("ssim_luma", refKind, refId, ssim, "similar");
        }
        if (d.MsSsim is { } ms)
        {
            yield return row("msssim_luma", refKind, refId, ms.Value, "similar");
            for (int i = 0; i < ms.ScaleTerms.Count; i++)
            {
                yield return row($"msssim_l{i + 1}", refKind, refId, ms.ScaleTerms[i], "similar");
            }
        }
    }

    private static Func<string, string, string?, double?, string, LongRow> Row(EvaluationResult result, string prompt, PromptRole role, int epoch, int? seed, string? image) =>
        (metric, refKind, refId, value, higherIs) => new LongRow
        {
            RunId = result.Options.RunId,
            PreprocessingVersion = AnalysisCanvas.PreprocessingVersion,
            PromptId = prompt,
            PromptRole = role.ToCsv(),
            CheckpointUnit = result.Options.CheckpointUnit,
            Epoch = epoch,
            Seed = seed,
            Image = image,
            Metric = metric,
            RefKind = refKind,
            RefId = refId,
            Value = value,
            HigherIs = higherIs,
            SizePx = AnalysisCanvas.Size,
        };
}
