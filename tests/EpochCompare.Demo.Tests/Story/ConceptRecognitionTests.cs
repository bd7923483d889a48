using EpochCompare.Demo.Story;
using EpochCompare.Demo.World;

namespace EpochCompare.Demo.Tests.Story;

public sealed class ConceptRecognitionTests
{
    private static ColumnRecognition Column(int epoch, int recognised, int seeds = 4) =>
        new(epoch, [.. Enumerable.Range(0, seeds).Select(i => i < recognised ? WorldConcept.Revolver : WorldConcept.Key)], WorldConcept.Revolver);

    [Fact]
    public void LostMeansRecognisedInFewerThanHalfTheSeeds()
    {
        Assert.False(Column(10, 2).Lost);
        Assert.True(Column(10, 1).Lost);
        Assert.Equal(0.25, Column(10, 1).Accuracy);
    }

    [Fact]
    public void LostEpochIsTheFirstCheckpointFromWhichTheConceptStaysLost()
    {
        var recognition = new ConceptRecognition(WorldConcept.Revolver,
            [Column(0, 4), Column(10, 4), Column(20, 1), Column(30, 3), Column(40, 1), Column(50, 0)]);
        Assert.Equal(40, recognition.LostEpoch);
    }

    [Fact]
    public void NoLostEpochWhenTheLastCheckpointStillShowsTheConcept()
    {
        var recognition = new ConceptRecognition(WorldConcept.Revolver, [Column(0, 0), Column(10, 0), Column(20, 2)]);
        Assert.Null(recognition.LostEpoch);
    }

    [Fact]
    public void TheBaseColumnIsNotACheckpoint()
    {
        var recognition = new ConceptRecognition(WorldConcept.Revolver, [Column(0, 0), Column(10, 1)]);
        Assert.Equal(10, recognition.LostEpoch);
    }
}
