using EpochCompare.Evaluation.Verdicts;

namespace EpochCompare.Evaluation.Semantic;

/// <summary>Run facts about the semantic signals, carried as reasons: which kind of verdict this is, concepts the base never showed.</summary>
internal static class SemanticNotes
{
    public static void Add(Dictionary<string, IReadOnlyList<Reason>> notes, SemanticTable table, IEnumerable<string> prompts, VerdictRules rules)
    {
        var run = new List<Reason>(notes.GetValueOrDefault(PromptVerdict.OverallPromptId, []));
        run.Insert(0, table.Encoders is { } encoders
            ? Reason.Of("VERDICT_BASIS", null, ("kind", "semantic"), ("encoders", encoders))
            : Reason.Of("VERDICT_BASIS", null, ("kind", "appearance"), ("effect", "no semantic model: --clip / --dino not given")));
        if (table.Encoders is not null && table.References.MemorizedCosine is double limit)
        {
            run.Add(Reason.Of("DINO_MEMORIZED_AT", null, ("cos", limit), ("train_to_train", table.References.TrainToTrain), ("literature", rules.DinoCopyCosine)));
        }
        notes[PromptVerdict.OverallPromptId] = run;
        foreach (string prompt in prompts)
        {
            var reference = table.Columns.FirstOrDefault(c => c.PromptId == prompt && c.IsReference);
            if (reference?.ConceptScore is double baseScore && baseScore < rules.ConceptPresentScore)
            {
                var list = new List<Reason>(notes.GetValueOrDefault(prompt, []))
                {
                    // The base model does not draw this concept, so losing it cannot be measured: no concept flag.
                    Reason.Of("CONCEPT_NEVER_PRESENT", reference.Epoch, ("concept", reference.Concept), ("base", baseScore), ("needs", rules.ConceptPresentScore)),
                };
                notes[prompt] = list;
            }
        }
    }
}
