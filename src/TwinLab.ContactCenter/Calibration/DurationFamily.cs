namespace TwinLab.ContactCenter.Calibration;

/// <summary>A family of duration distributions calibration can fit.</summary>
public enum DurationFamily
{
    /// <summary>Lognormal (the usual shape of service times: Brown et al., JASA 2005).</summary>
    LogNormal,

    /// <summary>Gamma.</summary>
    Gamma,

    /// <summary>Weibull.</summary>
    Weibull,

    /// <summary>Exponential (memoryless; Erlang's assumption).</summary>
    Exponential,
}
