using TwinLab.Health.Calibration;
using TwinLab.Health.Pharmacology;
using TwinLab.Simulation.Random;

namespace TwinLab.Health.Trials;

/// <summary>
/// A population of untreated people with hypertension to run virtual trials on: their pretreatment clinic BP and their
/// sensitivity to each drug class.
/// </summary>
/// <param name="PretreatmentClinicMean">Mean true untreated clinic BP, mmHg.</param>
/// <param name="PretreatmentClinicSd">SD of the true untreated clinic BP across people, mmHg.</param>
/// <param name="SystolicDiastolicCorrelation">Correlation between a person's untreated systolic and diastolic BP.</param>
/// <param name="Prior">The spread and correlation of class sensitivities around 1.</param>
/// <remarks>
/// A person's untreated clinic BP is drawn from a bivariate normal and converted to the equivalent untreated home BP
/// with <see cref="HomeBp.ToHome"/> (the twin's parameters are home values); their class sensitivities are drawn from the
/// population prior (<see cref="PhysiologyPosterior.FromPopulation"/>: mean 1, SD and correlations of
/// <see cref="PopulationPrior"/>, clamped at 0.05). Immutable and thread-safe.
/// </remarks>
public sealed record VirtualPopulation(
    BpChange PretreatmentClinicMean, BpChange PretreatmentClinicSd, double SystolicDiastolicCorrelation, PopulationPrior Prior)
{
    /// <summary>
    /// The participants of the trials in Law MR et al., BMJ 2003;326:1427: mean pretreatment BP 154/97 mmHg (the value
    /// Law standardised the reductions to). The SDs of 15/8 mmHg and the correlation of 0.6 are assumptions typical of
    /// the baseline tables of such trials (Law 2003 reports only the mean).
    /// </summary>
    public static VirtualPopulation Law2003Trials { get; } = new(
        new BpChange(Law2003.TrialPretreatmentSystolic, Law2003.TrialPretreatmentDiastolic), new BpChange(15, 8), 0.6, PopulationPrior.Default);

    /// <summary>The same population with its mean pretreatment clinic BP moved to <paramref name="clinicMean"/>.</summary>
    public VirtualPopulation At(BpChange clinicMean) => this with { PretreatmentClinicMean = clinicMean };

    /// <summary>Draws <paramref name="count"/> people.</summary>
    public PatientPhysiology[] Sample(RandomStream random, int count)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var sampler = CreateSampler();
        var people = new PatientPhysiology[count];
        for (var i = 0; i < count; i++) people[i] = sampler.Sample(random);
        return people;
    }

    /// <summary>A sampler that draws one person at a time (build once, share across threads).</summary>
    internal Sampler CreateSampler() => new(this);

    /// <summary>Draws people of a population; thread-safe (its state is read-only).</summary>
    internal sealed class Sampler(VirtualPopulation population)
    {
        // The sensitivities come from the population prior; the untreated BP it also draws is replaced by this population's.
        private readonly PhysiologyPosterior _sensitivities = PhysiologyPosterior.FromPopulation(
            HomeBp.ToHome(population.PretreatmentClinicMean), population.Prior);

        private readonly double _rhoComplement = Math.Sqrt(1 - population.SystolicDiastolicCorrelation * population.SystolicDiastolicCorrelation);

        /// <summary>One person: sensitivities first, then the clinic BP (two standard normals).</summary>
        public PatientPhysiology Sample(RandomStream random)
        {
            var person = _sensitivities.Sample(random, 1)[0];
            var z1 = random.NextGaussian();
            var z2 = random.NextGaussian();
            var clinic = new BpChange(
                population.PretreatmentClinicMean.Systolic + population.PretreatmentClinicSd.Systolic * z1,
                population.PretreatmentClinicMean.Diastolic + population.PretreatmentClinicSd.Diastolic
                    * (population.SystolicDiastolicCorrelation * z1 + _rhoComplement * z2));
            return person with { UntreatedHome = HomeBp.ToHome(clinic) };
        }
    }
}
