using EpochCompare.Evaluation.Signals;

namespace EpochCompare.Evaluation.Verdicts;

/// <summary>
/// From per-checkpoint summaries to answers: learned-from checkpoint (knee of the target adoption
/// curve), overfit onset per prompt (majority of seeds and persistence), the sweet spot between them,
/// the recommended checkpoint and the next experiment. Knows roles, never prompt contents.
/// </summary>
public sealed class VerdictEngine(VerdictRules rules)
{
    /// <param name="summaries">All (prompt, checkpoint) summaries, reference columns included.</param>
    /// <param name="notes">Per prompt (and <see cref="PromptVerdict.OverallPromptId"/>) facts about the run to carry as reasons.</param>
    public IReadOnlyList<PromptVerdict> Decide(IReadOnlyList<EpochSummary> summaries, IReadOnlyDictionary<string, IReadOnlyList<Reason>> notes)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        var series = summaries.Where(s => !s.IsReference)
            .GroupBy(s => s.PromptId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<EpochSummary>)[.. g.OrderBy(s => s.Epoch)], StringComparer.Ordinal);
        var roles = summaries.GroupBy(s => s.PromptId).ToDictionary(g => g.Key, g => g.First().Role, StringComparer.Ordinal);
        var checkpoints = series.Values.SelectMany(v => v).Select(s => s.Epoch).Distinct().Order().ToArray();
        var onsets = series.ToDictionary(kv => kv.Key, kv => OverfitOnset.Find(kv.Value, rules.PersistenceCheckpoints), StringComparer.Ordinal);
        var flagFree = checkpoints.Where(e => series.Values.All(v => v.FirstOrDefault(s => s.Epoch == e)?.Flags.Any != true)).ToHashSet();

        var verdicts = new List<PromptVerdict>();
        verdicts.Add(Overall(series, roles, checkpoints, onsets, flagFree, notes.GetValueOrDefault(PromptVerdict.OverallPromptId, [])));
        foreach (var (prompt, promptSeries) in series)
        {
            verdicts.Add(ForPrompt(prompt, roles[prompt], promptSeries, checkpoints, onsets[prompt], verdicts[0].LearnedEpoch, notes.GetValueOrDefault(prompt, [])));
        }
        return verdicts;
    }

    private PromptVerdict Overall(
        Dictionary<string, IReadOnlyList<EpochSummary>> series,
        Dictionary<string, PromptRole> roles,
        int[] checkpoints,
        Dictionary<string, EpochSummary?> onsets,
        HashSet<int> flagFree,
        IReadOnlyList<Reason> notes)
    {
        var reasons = new List<Reason>(notes);
        var targets = series.Keys.Where(p => roles[p] == PromptRole.Target).ToList();
        if (targets.Count == 0)
        {
            targets = [.. series.Keys];
            reasons.Add(Reason.Of("NO_TARGET_PROMPT", null, ("adoption_from", "all prompts")));
        }
        var adoption = Curve(checkpoints, targets.Select(p => series[p]), s => s.Adoption);
        var step = Curve(checkpoints, targets.Select(p => series[p]), s => s.StepChange);
        var learned = LearningPoint.Find(adoption, flagFree, rules.LearnedShareOfPlateau, rules.LearnedMinimumAdoption);
        reasons.Add(LearnedReason(learned, adoption));

        var first = onsets.Where(kv => kv.Value is not null).OrderBy(kv => kv.Value!.Epoch).ThenBy(kv => kv.Key, StringComparer.Ordinal).FirstOrDefault();
        EpochSummary? onset = first.Value;
        foreach (var (prompt, promptOnset) in onsets.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            reasons.AddRange(BlipReasons(series[prompt], promptOnset));
            if (promptOnset is not null)
            {
                reasons.AddRange(FlagReasons.Describe(promptOnset));
            }
        }

        int? windowFrom = learned?.Epoch;
        int? windowTo = onset is null ? checkpoints.LastOrDefault() : checkpoints.Where(e => e < onset.Epoch).Cast<int?>().LastOrDefault();
        bool emptyWindow = windowFrom is null || windowTo is null || windowTo < windowFrom;
        int? recommended = emptyWindow ? null : Recommend(checkpoints, windowFrom!.Value, windowTo!.Value, flagFree, step);

        string verdict;
        if (onset is not null)
        {
            verdict = KindWord(onset.Flags.Kind!.Value);
            reasons.Add(Reason.Of("OVERFIT_FROM", onset.Epoch, ("prompt", first.Key), ("kind", verdict), ("signal", FlagReasons.DecidingSignal(onset))));
            if (emptyWindow)
            {
                reasons.Add(Reason.Of("OVERFITS_BEFORE_LEARNED", onset.Epoch, ("learned", learned?.Epoch)));
            }
        }
        else
        {
            verdict = learned is null ? "not_learned" : StillChanging(step, checkpoints) ? "learning" : "ok";
            reasons.Add(Reason.Of("NO_OVERFIT", checkpoints.LastOrDefault()));
        }
        if (!emptyWindow)
        {
            reasons.Add(Reason.Of("SWEET_SPOT", null, ("from", windowFrom), ("to", windowTo)));
        }
        if (recommended is not null)
        {
            reasons.Add(Reason.Of("RECOMMENDED", recommended, ("step_change", step.FirstOrDefault(c => c.Epoch == recommended).Value)));
        }
        return new PromptVerdict
        {
            PromptId = PromptVerdict.OverallPromptId,
            Role = PromptVerdict.OverallRole,
            Verdict = verdict,
            LearnedEpoch = learned?.Epoch,
            OverfitFrom = onset?.Epoch,
            OverfitKind = onset is null ? null : KindWord(onset.Flags.Kind!.Value),
            OverfitTrigger = onset is null ? null : first.Key,
            SweetSpotFrom = emptyWindow ? null : windowFrom,
            SweetSpotTo = emptyWindow ? null : windowTo,
            RecommendedEpoch = recommended,
            Next = Plan(checkpoints, learned, onset, first.Key, windowTo, emptyWindow, recommended, step),
            Reasons = reasons,
        };
    }

    private PromptVerdict ForPrompt(string prompt, PromptRole role, IReadOnlyList<EpochSummary> series, int[] checkpoints, EpochSummary? onset, int? overallLearned, IReadOnlyList<Reason> notes)
    {
        var reasons = new List<Reason>(notes);
        var own = series.Select(s => s.Epoch).ToArray();
        var flagFree = series.Where(s => !s.Flags.Any).Select(s => s.Epoch).ToHashSet();
        var step = Curve(own, [series], s => s.StepChange);
        LearningPoint.Result? learned = null;
        if (role == PromptRole.Target)
        {
            var adoption = Curve(own, [series], s => s.Adoption);
            learned = LearningPoint.Find(adoption, flagFree, rules.LearnedShareOfPlateau, rules.LearnedMinimumAdoption);
            reasons.Add(LearnedReason(learned, adoption));
        }
        reasons.AddRange(BlipReasons(series, onset));
        int? from = learned?.Epoch ?? overallLearned ?? (role == PromptRole.Probe ? own.FirstOrDefault() : null);
        int? to = onset is null ? own.LastOrDefault() : own.Where(e => e < onset.Epoch).Cast<int?>().LastOrDefault();
        bool emptyWindow = from is null || to is null || to < from;
        int? recommended = emptyWindow ? null : Recommend(own, from!.Value, to!.Value, flagFree, step);

        string verdict;
        if (onset is not null)
        {
            verdict = KindWord(onset.Flags.Kind!.Value);
            reasons.AddRange(FlagReasons.Describe(onset));
            reasons.Add(Reason.Of("PERSISTS", onset.Epoch, ("checkpoints", 1 + series.Count(s => s.Epoch > onset.Epoch && s.Flags.Any)), ("signal", FlagReasons.DecidingSignal(onset))));
        }
        else if (role == PromptRole.Probe)
        {
            verdict = "ok";
            reasons.Add(Reason.Of("PROBE_INTACT", own.LastOrDefault(), ("A_comp", series.LastOrDefault()?.AdoptionComposition), ("leak", series.LastOrDefault()?.LeakMax)));
        }
        else
        {
            verdict = learned is null ? "not_learned" : StillChanging(step, own) ? "learning" : "ok";
        }
        return new PromptVerdict
        {
            PromptId = prompt,
            Role = role.ToCsv(),
            Verdict = verdict,
            LearnedEpoch = learned?.Epoch,
            OverfitFrom = onset?.Epoch,
            OverfitKind = onset is null ? null : KindWord(onset.Flags.Kind!.Value),
            SweetSpotFrom = emptyWindow ? null : from,
            SweetSpotTo = emptyWindow ? null : to,
            RecommendedEpoch = recommended,
            Reasons = reasons,
        };
    }

    /// <summary>Latest clean checkpoint in the window, preferring ones where the images have settled.</summary>
    private int? Recommend(IReadOnlyList<int> checkpoints, int from, int to, ISet<int> flagFree, IReadOnlyList<(int Epoch, double Value)> step)
    {
        var window = checkpoints.Where(e => e >= from && e <= to && flagFree.Contains(e)).ToArray();
        if (window.Length == 0)
        {
            return null;
        }
        var settled = window.Where(e => step.Any(c => c.Epoch == e && c.Value <= rules.ConvergedStepChange)).ToArray();
        return settled.Length > 0 ? settled[^1] : window[^1];
    }

    private NextExperiment Plan(int[] checkpoints, LearningPoint.Result? learned, EpochSummary? onset, string? trigger, int? lastClean, bool emptyWindow, int? recommended, IReadOnlyList<(int Epoch, double Value)> step)
    {
        int last = checkpoints.LastOrDefault();
        int gap = TypicalGap(checkpoints);
        int fine = NextExperiment.RefinedStep(gap);
        if (onset is not null)
        {
            int from = lastClean ?? 0;
            if (emptyWindow)
            {
                return new NextExperiment("retrain_gentler", from, onset.Epoch, fine,
                    $"'{trigger}' overfits at epoch {onset.Epoch} before the LoRA has learned: lower the learning rate or repeats, or save between epoch {from} and {onset.Epoch} with a checkpoint every {fine}.");
            }
            if (onset.Epoch - from <= fine || gap <= 1)
            {
                return new NextExperiment("keep", recommended, recommended, null,
                    $"The onset is located to one checkpoint ({from} clean, {onset.Epoch} overfit): keep epoch {recommended}.");
            }
            return new NextExperiment("refine", from, onset.Epoch, fine,
                $"Refine between epoch {from} and {onset.Epoch} with a checkpoint every {fine}.");
        }
        if (learned is null)
        {
            return new NextExperiment("train_longer", last, 2 * last, gap,
                $"Not learned by epoch {last}: continue to epoch {2 * last} with a checkpoint every {gap} (or raise the learning rate).");
        }
        if (StillChanging(step, checkpoints))
        {
            return new NextExperiment("train_longer", last, last + 4 * gap, gap,
                $"No overfit through epoch {last} and the images still change: continue to epoch {last + 4 * gap} with a checkpoint every {gap}.");
        }
        return new NextExperiment("extend", last, 2 * last, 2 * gap,
            $"No overfit through epoch {last}: keep epoch {recommended}; to find the limit, continue to epoch {2 * last} with a checkpoint every {2 * gap}.");
    }

    private bool StillChanging(IReadOnlyList<(int Epoch, double Value)> step, IReadOnlyList<int> checkpoints)
    {
        var lastStep = step.Where(c => checkpoints.Count > 0 && c.Epoch == checkpoints[^1]).Select(c => c.Value).FirstOrDefault(double.NaN);
        return lastStep > rules.ConvergedStepChange;
    }

    private Reason LearnedReason(LearningPoint.Result? learned, IReadOnlyList<(int Epoch, double Value)> adoption) =>
        learned is null
            ? Reason.Of("NOT_LEARNED", null, ("max_adoption", adoption.Count == 0 ? null : adoption.Max(c => c.Value)), ("needs", rules.LearnedMinimumAdoption))
            : Reason.Of("LEARNED", learned.Epoch, ("adoption", learned.Adoption), ("plateau", learned.Plateau), ("share", rules.LearnedShareOfPlateau));

    private static IEnumerable<Reason> BlipReasons(IReadOnlyList<EpochSummary> series, EpochSummary? onset) =>
        OverfitOnset.Blips(series, onset).SelectMany(s => FlagReasons.Describe(s, "BLIP_"));

    /// <summary>Per checkpoint, the median over the given prompt series of one summary value (skipping gaps).</summary>
    private static List<(int Epoch, double Value)> Curve(IReadOnlyList<int> checkpoints, IEnumerable<IReadOnlyList<EpochSummary>> series, Func<EpochSummary, double?> value)
    {
        var all = series.ToList();
        var curve = new List<(int, double)>();
        foreach (int e in checkpoints)
        {
            double? median = RobustStatistics.MedianOrNull(all.Select(s => s.FirstOrDefault(x => x.Epoch == e)).Where(x => x is not null).Select(x => value(x!)));
            if (median is not null)
            {
                curve.Add((e, median.Value));
            }
        }
        return curve;
    }

    private static int TypicalGap(int[] checkpoints)
    {
        if (checkpoints.Length == 0)
        {
            return 1;
        }
        if (checkpoints.Length == 1)
        {
            return Math.Max(1, checkpoints[0]);
        }
        return Math.Max(1, (int)RobustStatistics.Median(checkpoints.Zip(checkpoints.Skip(1), (a, b) => (double)(b - a))));
    }

    private static string KindWord(OverfitKind kind) => kind switch
    {
        OverfitKind.Overridden => "overfit",
        OverfitKind.Memorized => "memorized",
        OverfitKind.Collapsed => "collapsed",
        OverfitKind.ConceptLost => "concept_lost",
        _ => "fried",
    };
}
