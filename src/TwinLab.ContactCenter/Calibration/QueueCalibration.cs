using TwinLab.ContactCenter.Data;

namespace TwinLab.ContactCenter.Calibration;

/// <summary>Everything calibration estimated for one queue × channel, with the queue model built from it.</summary>
/// <param name="Queue">Queue.</param>
/// <param name="Channel">Channel.</param>
/// <param name="Rows">Rows of the log.</param>
/// <param name="Arrivals">The weekly arrival profile.</param>
/// <param name="Forecast">The forecast of the following days; null with fewer than <see cref="ArrivalForecast.MinimumDays"/> days.</param>
/// <param name="HandleTime">The handle-time fit used: the queue's own, or its channel's pool (Queue "*"); null when a default was assumed.</param>
/// <param name="Patience">The patience estimate.</param>
/// <param name="Resolution">Resolution and repeat rates.</param>
/// <param name="Model">The queue as the simulator gets it.</param>
public sealed record QueueCalibration(
    string Queue, Channel Channel, int Rows, ArrivalProfile Arrivals, ArrivalForecast? Forecast, HandleTimeFit? HandleTime,
    PatienceEstimate Patience, ResolutionEstimate Resolution, QueueModel Model);
