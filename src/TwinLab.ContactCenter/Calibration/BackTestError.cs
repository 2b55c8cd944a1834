namespace TwinLab.ContactCenter.Calibration;

/// <summary>The rolling-origin back-test error of one forecasting method, over every forecast day × interval.</summary>
/// <param name="Method">The method.</param>
/// <param name="Points">Forecast day × interval values scored.</param>
/// <param name="Mae">Mean absolute error (arrivals per interval).</param>
/// <param name="Rmse">Root mean squared error (arrivals per interval).</param>
/// <param name="Mase">Mean absolute scaled error (Hyndman and Koehler, 2006): each error divided by the in-sample
/// mean absolute error of the weekly seasonal-naive forecast before its origin; below 1 beats that benchmark. NaN
/// when the history is exactly periodic (the scale is zero).</param>
public sealed record BackTestError(ForecastMethod Method, int Points, double Mae, double Rmse, double Mase);
