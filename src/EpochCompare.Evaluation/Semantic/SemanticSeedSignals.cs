namespace EpochCompare.Evaluation.Semantic;

/// <summary>The semantic signals of one sample image.</summary>
public sealed record SemanticSeedSignals
{
    public required SampleKey Key { get; init; }
    public required int ReferenceEpoch { get; init; }

    /// <summary>Zero-shot probability of the prompt's concept against the alternatives (softmax of CLIP logits).</summary>
    public double? ConceptScore { get; init; }

    /// <summary>The same seed's score in the reference (base) column.</summary>
    public double? ConceptBase { get; init; }

    /// <summary>ConceptBase - ConceptScore: how much of the concept this checkpoint lost.</summary>
    public double? ConceptDrop => ConceptScore is double s && ConceptBase is double b ? b - s : null;

    /// <summary>The base showed the concept, and this image keeps less than the rule's share of it.</summary>
    public bool ConceptLost { get; init; }

    /// <summary>CLIPScore (Hessel et al.): 2.5 x max(cos(image, full prompt), 0).</summary>
    public double? ClipPromptScore { get; init; }

    /// <summary>DINOv2 cosine to the nearest training image, and that image's id.</summary>
    public double? DinoTrainNearest { get; init; }
    public string? DinoTrainNearestId { get; init; }

    /// <summary>(M - base-to-train) / (train-to-train - base-to-train), as the appearance mem_norm.</summary>
    public double? DinoMemorizationNorm { get; init; }

    public bool DinoMemorized { get; init; }
}

/// <summary>The semantic signals of one column (prompt, checkpoint), over its seeds.</summary>
public sealed record SemanticColumnSignals
{
    public required string PromptId { get; init; }
    public required int Epoch { get; init; }
    public required bool IsReference { get; init; }
    public required int Seeds { get; init; }
    public string? Concept { get; init; }

    public double? ConceptScore { get; init; }
    public double? ConceptBase { get; init; }
    public double? ConceptDrop { get; init; }
    public int ConceptLostSeeds { get; init; }

    /// <summary>Seeds whose base image showed the concept at all (the only ones that can lose it).</summary>
    public int ConceptPresentSeeds { get; init; }

    public double? ClipPromptScore { get; init; }

    public double? DinoTrainNearest { get; init; }
    public string? DinoTrainNearestId { get; init; }
    public int DinoMemorizedSeeds { get; init; }

    public double? DinoVendi { get; init; }
    public double? DinoVendiRatio { get; init; }

    public bool ConceptLost { get; init; }
    public bool Memorized { get; init; }
    public bool Collapsed { get; init; }
}
