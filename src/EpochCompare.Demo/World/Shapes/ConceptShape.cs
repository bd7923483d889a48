namespace EpochCompare.Demo.World.Shapes;

/// <summary>The geometry of one object concept, drawn into a 100-unit box centred on the origin.</summary>
public abstract class ConceptShape
{
    public abstract WorldConcept Concept { get; }

    /// <summary>Adds the object's parts, back to front.</summary>
    public abstract void Sketch(ShapeSketch sketch);

    public static ConceptShape For(WorldConcept concept) => concept switch
    {
        WorldConcept.Car => new CarShape(),
        WorldConcept.Revolver => new RevolverShape(),
        WorldConcept.Sword => new SwordShape(),
        WorldConcept.House => new HouseShape(),
        WorldConcept.Tree => new TreeShape(),
        WorldConcept.Cup => new CupShape(),
        WorldConcept.Boat => new BoatShape(),
        WorldConcept.Fish => new FishShape(),
        WorldConcept.Flower => new FlowerShape(),
        WorldConcept.Chair => new ChairShape(),
        WorldConcept.Key => new KeyShape(),
        WorldConcept.Lamp => new LampShape(),
        _ => throw new ArgumentOutOfRangeException(nameof(concept), concept, "No shape for this concept."),
    };
}
