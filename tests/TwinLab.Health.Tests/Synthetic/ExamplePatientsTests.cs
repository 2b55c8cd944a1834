using System.Text;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Synthetic;
using TwinLab.Health.Tests.Ingest;

namespace TwinLab.Health.Tests.Synthetic;

public sealed class ExamplePatientsTests
{
    /// <summary>Set TWINLAB_REGENERATE_EXAMPLES=1 and run this test to rewrite examples/health from the generator.</summary>
    [Fact]
    public void Files_Regenerated_AreByteIdenticalToExamples()
    {
        if (Environment.GetEnvironmentVariable("TWINLAB_REGENERATE_EXAMPLES") == "1") ExamplePatients.Write(TestData.Examples);

        var files = ExamplePatients.Files();

        Assert.Equal(6, files.Count);
        foreach (var (path, text) in files)
        {
            var stored = File.ReadAllBytes(Path.Combine(TestData.Examples, path));
            Assert.True(Encoding.UTF8.GetBytes(text).AsSpan().SequenceEqual(stored), $"{path} differs from the generator's output; regenerate with TWINLAB_REGENERATE_EXAMPLES=1");
        }
    }

    [Fact]
    public void Files_TwoRuns_AreIdentical()
    {
        Assert.Equal(ExamplePatients.Files(), ExamplePatients.Files());
    }

    [Fact]
    public void TwiceDaily_LongRun_MeanMatchesTheTruthWithinNoise()
    {
        var maria = ExamplePatients.Maria;
        var random = TwinLab.Simulation.Random.RandomStream.FromSeed(7);

        var readings = SyntheticReadings.TwiceDaily(maria.Physiology, [], new DateOnly(2026, 1, 1), 400, 74, TimeSpan.Zero, random);

        // ~760 readings with SD about 8.6 and daily correlation: the mean is within ±1.5 mmHg of the untreated value.
        Assert.InRange(readings.Average(r => r.Systolic), 153.5, 156.5);
        Assert.InRange(readings.Average(r => r.Diastolic), 91, 93);
        Assert.InRange(readings.Where(r => r.IsMorning).Average(r => r.Systolic) - readings.Where(r => !r.IsMorning).Average(r => r.Systolic), 7, 11);
        Assert.InRange(readings.Count, 720, 790);
    }

    [Fact]
    public void Maria_Truth_AmlodipineLowersHerBpMoreThanLisinopril()
    {
        var maria = ExamplePatients.Maria;

        var lisinopril = BpResponse.SteadyStateEffect(Regimen.Parse("lisinopril 10mg"), maria.Physiology);
        var both = BpResponse.SteadyStateEffect(maria.Medication[^1].Regimen, maria.Physiology);

        Assert.True(both.Systolic - lisinopril.Systolic > lisinopril.Systolic);
        Assert.Equal(Sex.Female, maria.Sex);
    }
}
