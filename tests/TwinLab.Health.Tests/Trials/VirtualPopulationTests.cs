using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;
using TwinLab.Health.Trials;
using TwinLab.Simulation.Random;

namespace TwinLab.Health.Tests.Trials;

public sealed class VirtualPopulationTests
{
    [Fact]
    public void Sample_Law2003Trials_PretreatmentClinicBpAndSensitivitiesAsDescribed()
    {
        var people = VirtualPopulation.Law2003Trials.Sample(RandomStream.FromSeed(4), 20_000);
        var clinic = people.Select(p => HomeBp.ToClinic(p.UntreatedHome)).ToArray();
        static (double Mean, double Sd) MeanSd(double[] v)
        {
            var mean = v.Average();
            return (mean, Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)));
        }

        var sys = MeanSd(clinic.Select(c => c.Systolic).ToArray());
        var dia = MeanSd(clinic.Select(c => c.Diastolic).ToArray());
        var ccb = MeanSd(people.Select(p => p.SensitivityTo(DrugClass.CalciumChannelBlocker)).ToArray());

        Assert.InRange(sys.Mean, 153.6, 154.4);
        Assert.InRange(dia.Mean, 96.8, 97.2);
        Assert.InRange(sys.Sd, 14.6, 15.4);
        Assert.InRange(dia.Sd, 7.8, 8.2);
        Assert.InRange(ccb.Mean, 0.99, 1.01);
        Assert.InRange(ccb.Sd, 0.38, 0.42);
        // Home BP is lower than clinic BP at these levels (ACC/AHA 2017 Table 11: clinic 160/100 ↔ home 145/90).
        Assert.All(people.Take(100), p => Assert.True(p.UntreatedHome.Systolic < HomeBp.ToClinic(p.UntreatedHome).Systolic + 1e-9));
    }

    [Fact]
    public void ScaledResponse_ForAnyPerson_EqualsBpResponseDailyEffects()
    {
        var start = new DateOnly(2000, 1, 1);
        var people = VirtualPopulation.Law2003Trials.Sample(RandomStream.FromSeed(8), 50);
        string[] regimens = ["amlodipine 10mg", "losartan 25mg + hydrochlorothiazide 12.5mg", "atenolol 50mg + metoprolol 200mg + ramipril 2.5mg", "none"];
        foreach (var text in regimens)
        foreach (var days in new[] { 1, 9, 56 })
        {
            var regimen = Regimen.Parse(text);
            var scaled = ScaledResponse.After(regimen, days);
            foreach (var person in people)
            {
                var expected = BpResponse.DailyEffects([new RegimenPeriod(regimen, start, null, "test")], person, start, days)[days - 1];
                var actual = scaled.HomeEffect(person);
                Assert.Equal(expected.Systolic, actual.Systolic, 9);
                Assert.Equal(expected.Diastolic, actual.Diastolic, 9);
            }
        }
    }
}
