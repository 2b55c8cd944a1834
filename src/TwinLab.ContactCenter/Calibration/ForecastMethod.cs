namespace TwinLab.ContactCenter.Calibration;

/// <summary>How future interval counts are forecast.</summary>
public enum ForecastMethod
{
    /// <summary>Same interval on the same weekday of the last observed week.</summary>
    SeasonalNaive,

    /// <summary>Simple exponential smoothing of each (weekday, interval) series, one smoothing constant for all.</summary>
    ExponentialSmoothing,
}
