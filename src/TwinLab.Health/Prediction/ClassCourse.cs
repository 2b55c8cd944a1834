using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Prediction;

/// <summary>
/// The time course of one class's effect under one choice of that class's drugs from the start day (after the person's
/// earlier drugs of that class), for a reference person of sensitivity 1 at the trials' pretreatment BP; a sample's
/// effect is this times the sample's scale for the class.
/// </summary>
internal sealed class ClassCourse
{
    public ClassCourse(DrugClass drugClass, string key, BpChange[] unitDaily, BpChange[] unitWeekly)
    {
        Class = drugClass;
        Key = key;
        UnitDaily = unitDaily;
        UnitWeekly = unitWeekly;
    }

    /// <summary>The class.</summary>
    public DrugClass Class { get; }

    /// <summary>The class's drugs and doses in the new regimen (<c>none</c> when it has none).</summary>
    public string Key { get; }

    /// <summary>The reference person's home-BP reduction on each day from the start.</summary>
    public BpChange[] UnitDaily { get; }

    /// <summary>The reference person's reduction averaged over each reported week.</summary>
    public BpChange[] UnitWeekly { get; }

    /// <summary>Per week and sample, the reduction beyond that of taking no drug of this class from the start (set by the engine).</summary>
    public double[][] ExtraSystolic { get; set; } = [];

    /// <summary>Per week and sample, the diastolic counterpart of <see cref="ExtraSystolic"/>.</summary>
    public double[][] ExtraDiastolic { get; set; } = [];
}
