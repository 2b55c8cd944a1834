using BenchmarkDotNet.Attributes;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Simulation;
using TwinLab.Simulation.Experiments;
using TwinLab.Simulation.Random;
using TwinLab.Simulation.Random.Distributions;

namespace TwinLab.Benchmarks.ContactCenter;

/// <summary>
/// One replication of a month (30 days) of a synthetic 200-agent, 5-skill, 3-channel centre, about 500,000
/// contacts, on one core. Target: under 2 s.
/// </summary>
[MemoryDiagnoser]
public class ContactSimulationMonthBenchmark
{
    private ContactCenterScenario _month = null!;
    private ulong _seed;

    [GlobalSetup]
    public void Setup()
    {
        _month = new ContactCenterSimulator(BenchmarkCentre.Create()).Prepare(("days", 30.0));
        var probe = _month.Simulate(RandomStream.FromSeed(0));
        Console.WriteLine($"// month: {_month.AgentCount} agents, {probe.Overall.Offered:N0} contacts offered, " +
            $"{probe.Overall.Handled:N0} handled, SL {probe.Overall.ServiceLevel:P1}, abandoned {probe.Overall.AbandonmentRate:P1}, " +
            $"occupancy {probe.Occupancy:P1}");
    }

    /// <summary>A fresh seed per invocation, so no invocation replays another's contacts.</summary>
    [IterationSetup]
    public void NextSeed() => _seed++;

    [Benchmark]
    public long MonthOneReplication() => _month.Simulate(RandomStream.FromSeed(_seed)).Overall.Handled;
}

/// <summary>
/// 1,000 replications of one day (a Monday, about 19,000 contacts each) of the same centre through the experiment
/// engine's Monte Carlo, on 1 and 2 threads: the parallel figure and how close it comes to linear scaling.
/// </summary>
[MemoryDiagnoser]
public class ContactSimulationMonteCarloBenchmarks
{
    private ContactCenterSimulator _simulator = null!;
    private ScenarioSpec _day = null!;

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _simulator = new ContactCenterSimulator(BenchmarkCentre.Create());
        _day = new ScenarioSpec("day", ParameterSet.Create(_simulator.Info, [new("days", 1.0)]), []);
    }

    [Benchmark]
    public double ThousandDays()
    {
        var context = new ExperimentContext(_simulator, new RunOptions(Seed: 1, Threads: Threads));
        return MonteCarloExperiment.Run(context, [_day], 1000)[0].Summary("service_level").Mean;
    }
}

/// <summary>
/// A synthetic centre: five skills on phone, two of them also on chat and one on email (8 queues); a two-peak
/// weekday profile from 07:00 to 23:00 with quieter weekends, scaled to 430,000 fresh contacts in 30 days, about 500,000 with the repeat contacts of a first-contact resolution of 85%;
/// lognormal handle times and exponential patience (Brown et al., JASA 2005); 200 agents, each with a primary
/// skill and for some a second or third, on staggered 9-hour shifts six days a week with a lunch and two short
/// breaks, and 15% shrinkage overall (breaks included).
/// </summary>
internal static class BenchmarkCentre
{
    private const int IntervalMinutes = 30;
    private const int PerDay = 48;
    private const double FreshContactsPerMonth = 430_000; // plus about 15% repeat contacts
    private static readonly string[] Skills = ["billing", "tech", "sales", "accounts", "retention"];

    public static CenterModel Create()
    {
        var random = RandomStream.FromSeed(2024);
        // (skill, channel, share of contacts, mean handle s, mean patience s or none)
        (string Skill, Channel Channel, double Share, double Handle, double? Patience)[] queues =
        [
            ("billing", Channel.Phone, 0.22, 180, 120),
            ("billing", Channel.Chat, 0.10, 300, 300),
            ("tech", Channel.Phone, 0.20, 270, 180),
            ("tech", Channel.Chat, 0.08, 360, 300),
            ("sales", Channel.Phone, 0.16, 240, 90),
            ("accounts", Channel.Phone, 0.10, 180, 120),
            ("accounts", Channel.Email, 0.06, 240, null),
            ("retention", Channel.Phone, 0.08, 300, 150),
        ];
        var profile = WeeklyProfile();
        var perWeekUnit = profile.Sum() * IntervalMinutes / 60.0; // contacts per week at rate 1 per hour of profile
        var weeks = 30 / 7.0;
        var models = queues.Select(q => new QueueModel(
            q.Skill, q.Channel,
            profile.Select(p => p * q.Share * FreshContactsPerMonth / (weeks * perWeekUnit)).ToArray(),
            Distribution.LogNormalFromMoments(q.Handle, q.Handle * 0.8),
            q.Patience is { } patience ? Distribution.Exponential(1 / patience) : null,
            FirstContactResolution: 0.85,
            RepeatDelayHours: 24,
            Priority: q.Channel == Channel.Email ? -1 : 0)).ToList();
        var agents = Enumerable.Range(0, 200).Select(i => Agent(i, random)).ToList();
        return new CenterModel(IntervalMinutes, models, new Roster(agents, 0.15));
    }

    /// <summary>Relative arrival rate per half hour of a week: peaks around 10:00 and 14:00, closed 23:00–07:00.</summary>
    private static double[] WeeklyProfile()
    {
        var profile = new double[7 * PerDay];
        for (var day = 0; day < 7; day++)
            for (var i = 0; i < PerDay; i++)
            {
                var hour = i / 2.0 + 0.25;
                if (hour < 7 || hour > 23) continue;
                var shape = 0.3 + Math.Exp(-Math.Pow((hour - 10) / 2, 2)) + 0.8 * Math.Exp(-Math.Pow((hour - 14.5) / 2.5, 2));
                profile[day * PerDay + i] = shape * (day < 5 ? 1 : 0.6);
            }
        return profile;
    }

    private static Agent Agent(int i, RandomStream random)
    {
        var primary = Skills[i % Skills.Length];
        var skills = new List<AgentSkill> { new(primary, random.NextDouble(0.85, 1.15)) };
        foreach (var extra in Skills.Where(s => s != primary))
            if (random.NextDouble() < 0.12) skills.Add(new AgentSkill(extra, random.NextDouble(0.7, 1.0)));
        // Shifts start on the hour from 07:00 to 14:00, more of them early for the morning peak (a quarter at 07:00);
        // breaks are staggered so a cohort is never away all at once; the day off rotates through the week.
        var start = 7 + (int)(8 * Math.Pow(i / 200.0, 1.7));
        var dayOff = (DayOfWeek)(i % 7);
        var days = Enum.GetValues<DayOfWeek>().Where(d => d != dayOff).ToArray();
        var stagger = (i % 4) * 15;
        var breaks = new[]
        {
            new Break(new(start + 2, stagger), 15),
            new Break(new TimeOnly(start + 4, 0).AddMinutes(2 * stagger), 45),
            new Break(new(start + 7, stagger), 15),
        };
        return new Agent($"agent{i + 1:D3}", skills, [new Shift(days, new(start, 0), new(start + 9, 0), breaks)], 28 + i % 5, ChatConcurrency: 2);
    }
}
