using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Ingest;
using TwinLab.ContactCenter.Recommendation;
using TwinLab.ContactCenter.Simulation;
using TwinLab.ContactCenter.Tests.Synthetic;

namespace TwinLab.ContactCenter.Tests.Recommendation;

/// <summary>examples/contact-center/candidates.yaml parses, and every candidate is valid for, and runs on, the model
/// calibrated from the shipped log and roster.</summary>
public sealed class ShippedCandidatesTests
{
    private static readonly string Folder = Path.Combine(SyntheticFixture.RepositoryRoot(), "examples", "contact-center");

    private static readonly Lazy<ContactCenterSimulator> Calibrated = new(() =>
    {
        var log = InteractionLog.Read(Path.Combine(Folder, "interactions.csv"));
        var roster = RosterFile.Read(Path.Combine(Folder, "roster.yaml"));
        return new ContactCenterSimulator(CenterCalibration.Calibrate(log.Interactions, roster).Model);
    });

    [Fact]
    public void ShippedCandidates_Validate_EveryCandidateFitsTheCalibratedModel()
    {
        var file = CandidateFile.Read(Path.Combine(Folder, "candidates.yaml"));

        file.Validate(Calibrated.Value.Info);

        Assert.True(file.Candidates.Count >= 6);
        Assert.Equal("EUR", file.Currency);
        Assert.All(file.Candidates, c => Assert.InRange(c.Cost.Daily, 0, 500));
        Assert.Contains(file.Candidates, c => c.Cost.Daily == 0);
    }

    [Fact]
    public void ShippedCandidates_Recommend_OneWeekdayRunsEveryCandidate()
    {
        var file = CandidateFile.Read(Path.Combine(Folder, "candidates.yaml"));

        var result = Recommender.Run(Calibrated.Value, file.Candidates,
            new RecommendationOptions { Days = 1, StartDay = "tuesday", Replications = 3, Seed = 5, Currency = file.Currency });

        Assert.Equal(file.Candidates.Count, result.Ranking.Count);
        Assert.InRange(result.Baseline.ServiceLevel!.Value, 0.5, 1);
        Assert.NotNull(result.Baseline.Satisfaction);
        // Two more agents cost more in wages; a chatbot changes no wages.
        Assert.True(result.Candidate("hire-2-tech").AgentCostChangePerDay > 0);
        Assert.Equal(0, result.Candidate("chatbot-billing").AgentCostChangePerDay!.Value, 6);
    }
}
