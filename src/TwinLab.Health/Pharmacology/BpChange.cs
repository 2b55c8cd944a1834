namespace TwinLab.Health.Pharmacology;

/// <summary>A pair of systolic and diastolic values in mmHg: a reduction, an effect or a blood pressure.</summary>
/// <param name="Systolic">Systolic, mmHg.</param>
/// <param name="Diastolic">Diastolic, mmHg.</param>
public readonly record struct BpChange(double Systolic, double Diastolic)
{
    /// <summary>Zero.</summary>
    public static BpChange Zero => default;

    /// <summary>Sum.</summary>
    public static BpChange operator +(BpChange a, BpChange b) => new(a.Systolic + b.Systolic, a.Diastolic + b.Diastolic);

    /// <summary>Difference.</summary>
    public static BpChange operator -(BpChange a, BpChange b) => new(a.Systolic - b.Systolic, a.Diastolic - b.Diastolic);

    /// <summary>Scaled.</summary>
    public static BpChange operator *(BpChange a, double factor) => new(a.Systolic * factor, a.Diastolic * factor);

    /// <inheritdoc />
    public override string ToString() => $"{Systolic:0.0}/{Diastolic:0.0}";
}
