using MathNet.Numerics.Distributions;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Ingest;
using TwinLab.ContactCenter.Synthetic;

namespace TwinLab.ContactCenter.Tests.Synthetic;

public sealed class SyntheticContactCentreTests
{
    private static IReadOnlyList<Interaction> Month => SyntheticFixture.Month.Interactions;

    [Fact]
    public void Generate_SameSettings_GivesIdenticalInteractions()
    {
        var settings = new SyntheticSettings { Days = 3 };

        Assert.Equal(SyntheticContactCentre.Generate(settings).Interactions, SyntheticContactCentre.Generate(settings).Interactions);
    }

    [Fact]
    public void Generate_OtherSeed_GivesOtherInteractions()
    {
        var a = SyntheticContactCentre.Generate(new SyntheticSettings { Days = 3 });
        var b = SyntheticContactCentre.Generate(new SyntheticSettings { Days = 3, Seed = 7 });

        Assert.NotEqual(a.Interactions.Select(i => i.Arrival), b.Interactions.Select(i => i.Arrival));
    }

    [Fact]
    public void Generate_Month_HasTwoSkillsTwoChannelsAndTwentyToFortyThousandContacts()
    {
        Assert.InRange(Month.Count, 20_000, 40_000);
        Assert.Equal(["billing", "tech"], Month.Select(i => i.Queue).Distinct().Order());
        Assert.Equal([Channel.Phone, Channel.Chat], Month.Select(i => i.Channel).Distinct().Order());
        Assert.Equal(Enumerable.Range(1, Month.Count), Month.Select(i => i.Row));
    }

    [Fact]
    public void Truth_ArrivalRates_AddUpToTheDailyVolumes()
    {
        var truth = SyntheticContactCentre.Truth();

        for (var q = 0; q < truth.Queues.Count; q++)
        {
            var tuesday = truth.Queues[q].ArrivalRatesPerHour.Skip(48).Take(48).Sum() / 2;
            Assert.Equal(SyntheticContactCentre.Queues[q].TuesdayContacts, tuesday, 6);
        }
    }

    [Fact]
    public void NewContacts_PerHalfHour_MatchTheProfile()
    {
        var truth = SyntheticContactCentre.Truth();
        var start = SyntheticFixture.Month.Settings.Start;
        var days = SyntheticFixture.Month.Settings.Days;
        var observed = new int[days * 48];
        foreach (var i in Month.Where(i => i.RepeatContact == false))
            observed[(i.Arrival.Date - start.ToDateTime(TimeOnly.MinValue)).Days * 48 + (i.Arrival.Hour * 60 + i.Arrival.Minute) / 30]++;

        double chi2 = 0;
        var cells = 0;
        for (var cell = 0; cell < observed.Length; cell++)
        {
            var week = ((int)start.AddDays(cell / 48).DayOfWeek + 6) % 7 * 48 + cell % 48;
            var expected = truth.Queues.Sum(q => q.ArrivalRatesPerHour[week]) / 2;
            if (expected == 0)
            {
                Assert.Equal(0, observed[cell]);
                continue;
            }
            chi2 += (observed[cell] - expected) * (observed[cell] - expected) / expected;
            cells++;
        }

        var p = 1 - ChiSquared.CDF(cells, chi2);
        Assert.True(p > 0.001, $"chi-square {chi2:F0} on {cells} cells, p = {p:G3}");
    }

    [Fact]
    public void Abandonment_Share_IsPlausibleAndHigherOnThePhone()
    {
        double Share(IEnumerable<Interaction> xs) => xs.Average(i => i.Outcome == Outcome.Abandoned ? 1.0 : 0);

        Assert.InRange(Share(Month), 0.02, 0.10);
        Assert.True(Share(Month.Where(i => i.Channel == Channel.Phone)) > Share(Month.Where(i => i.Channel == Channel.Chat)));
    }

    [Fact]
    public void Waits_OfAnsweredPhoneCalls_AreRealistic()
    {
        var waits = Month.Where(i => i is { Channel: Channel.Phone, Outcome: Outcome.Answered }).Select(i => i.WaitSeconds).ToArray();

        Assert.InRange(waits.Average(), 2, 60);
        Assert.InRange(waits.Count(w => w <= 20) / (double)waits.Length, 0.7, 0.98);
        Assert.Contains(waits, w => w > 120);
    }

    [Fact]
    public void Resolution_PerQueue_MatchesTheTruth()
    {
        foreach (var q in SyntheticContactCentre.Queues)
        {
            var answered = Month.Where(i => i.Queue == q.Queue && i.Channel == q.Channel && i.Outcome == Outcome.Answered).ToArray();
            Assert.Equal(q.FirstContactResolution, answered.Average(i => i.Resolved == true ? 1.0 : 0), 0.03);
        }
    }

    [Fact]
    public void HandleTimes_OfProficientAgents_AreLognormalWithTheTrueParameters()
    {
        var roster = SyntheticFixture.Month.Truth.Roster.Agents.ToDictionary(a => a.Id);
        foreach (var q in SyntheticContactCentre.Queues)
        {
            var logs = Month
                .Where(i => i.Queue == q.Queue && i.Channel == q.Channel && i.Outcome == Outcome.Answered)
                .Where(i => roster[i.Agent!].Skills.Single(s => s.Queue == q.Queue).Proficiency == 1)
                .Select(i => Math.Log(i.HandleSeconds!.Value)).ToArray();
            var mean = logs.Average();
            var sd = Math.Sqrt(logs.Sum(x => (x - mean) * (x - mean)) / (logs.Length - 1));
            Assert.Equal(q.HandleMu, mean, 0.03);
            Assert.Equal(q.HandleSigma, sd, q.HandleSigma * 0.05);
        }
    }

    [Fact]
    public void Patience_EstimatedAsTotalWaitPerAbandonment_RecoversTheTruth()
    {
        // With exponential patience, abandonments happen at rate θ per waiting customer, so E[abandonments] = θ·Σ waits.
        foreach (var q in SyntheticContactCentre.Queues.Where(q => q.Channel == Channel.Phone))
        {
            var contacts = Month.Where(i => i.Queue == q.Queue && i.Channel == q.Channel).ToArray();
            var estimate = contacts.Sum(i => i.WaitSeconds) / contacts.Count(i => i.Outcome == Outcome.Abandoned);
            Assert.Equal(q.PatienceMeanSeconds, estimate, q.PatienceMeanSeconds * 0.15);
        }
    }

    [Fact]
    public void RepeatContacts_FollowUnresolvedOnes()
    {
        var unresolved = Month.Count(i => i.Resolved == false);
        var repeats = Month.Count(i => i.RepeatContact == true);

        Assert.InRange(repeats / (double)unresolved, 0.85, 1.0);
    }

    [Fact]
    public void Volumes_AtWeekends_AreLowerThanOnWeekdays()
    {
        var perDay = Month.GroupBy(i => i.Arrival.Date).ToDictionary(g => g.Key, g => g.Count());

        Assert.True(perDay.Where(d => d.Key.DayOfWeek == DayOfWeek.Sunday).Max(d => d.Value) < perDay.Where(d => d.Key.DayOfWeek == DayOfWeek.Tuesday).Min(d => d.Value) / 2);
    }

    [Fact]
    public void Satisfaction_FallsWithWaitRisesWithResolutionAndMatchesThePredictor()
    {
        var surveyed = Month.Where(i => i.Satisfaction is not null).ToArray();
        double Mean(Func<Interaction, bool> which) => surveyed.Where(which).Average(i => i.Satisfaction!.Value);
        var predictor = SyntheticFixture.Month.Truth.Satisfaction!;

        Assert.All(surveyed, i => Assert.InRange(i.Satisfaction!.Value, 1, 5));
        Assert.True(Mean(i => i.Resolved == true) - Mean(i => i.Resolved == false) > 0.8);
        Assert.True(Mean(i => i.WaitSeconds <= 5) - Mean(i => i.WaitSeconds >= 60) > 0.3);
        var bias = surveyed.Average(i => i.Satisfaction!.Value - predictor.Predict(i.Channel, i.Queue, i.WaitSeconds, i.HandleSeconds!.Value, i.Resolved!.Value));
        Assert.InRange(bias, -0.05, 0.05);
    }

    [Fact]
    public void RosterYaml_ReadBack_IsTheRoster()
    {
        var expected = SyntheticContactCentre.Roster();

        var read = RosterFile.Parse(SyntheticContactCentre.RosterYaml(), "synthetic roster");

        Assert.Equal(expected.Shrinkage, read.Shrinkage);
        Assert.Equal(expected.Agents.Count, read.Agents.Count);
        foreach (var (e, r) in expected.Agents.Zip(read.Agents))
        {
            Assert.Equal((e.Id, e.CostPerHour, e.ChatConcurrency), (r.Id, r.CostPerHour, r.ChatConcurrency));
            Assert.Equal(e.Skills, r.Skills);
            Assert.Equal(e.Shifts.Count, r.Shifts.Count);
            foreach (var (es, rs) in e.Shifts.Zip(r.Shifts))
            {
                Assert.Equal(es.Days, rs.Days);
                Assert.Equal((es.Start, es.End), (rs.Start, rs.End));
                Assert.Equal(es.Breaks, rs.Breaks);
            }
        }
    }
}
