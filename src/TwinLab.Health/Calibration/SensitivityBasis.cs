namespace TwinLab.Health.Calibration;

/// <summary>What a class's calibrated sensitivity rests on.</summary>
public enum SensitivityBasis
{
    /// <summary>The population prior (possibly moved a little through its correlation with a class the person took).</summary>
    Prior,
    /// <summary>The person's own readings on the class.</summary>
    Data,
}
