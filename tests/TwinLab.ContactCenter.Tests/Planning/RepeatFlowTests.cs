using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Planning;
using TwinLab.ContactCenter.Tests.Synthetic;

namespace TwinLab.ContactCenter.Tests.Planning;

public sealed class RepeatFlowTests
{
    [Fact]
    public void Kernel_IsTheExponentialDelayMassPerInterval()
    {
        var kernel = RepeatFlow.Kernel(meanDelayHours: 24, intervalHours: 0.5, intervalsPerWeek: 336);
        Assert.Equal(1.0, kernel.Sum(), 9);
        Assert.Equal(1 - Math.Exp(-0.25 / 24), kernel[0], 12);                    // the rest of the contact's own interval
        Assert.Equal(Math.Exp(-0.25 / 24) - Math.Exp(-0.75 / 24), kernel[1], 12);
    }

    [Fact]
    public void Offered_KeepsEveryRepeat_AndPlacesThemWhereTheLogHasThem()
    {
        var month = SyntheticFixture.Month;
        var model = CenterCalibration.Calibrate(month.Interactions, month.Truth.Roster).Model;
        var queue = model.Queues.Single(q => q.Queue == "tech" && q.Channel == Channel.Phone);
        var offered = RepeatFlow.Offered(queue, model.IntervalMinutes);

        // Mass: a fresh contact makes 1/FCR contacts in all.
        Assert.InRange(offered.Sum() / (queue.ArrivalRatesPerHour.Sum() / queue.FirstContactResolution), 1 - 1e-8, 1 + 1e-8);
        // Closed intervals get nothing; repeats wait for the opening.
        Assert.All(Enumerable.Range(0, offered.Length).Where(k => queue.ArrivalRatesPerHour[k] == 0), k => Assert.Equal(0, offered[k]));

        // Against the log's own contacts (fresh and repeat) per Wednesday 08:00–08:30 and Monday 10:00–10:30.
        foreach (var (day, hour) in new[] { (DayOfWeek.Wednesday, 8), (DayOfWeek.Monday, 10) })
        {
            var rows = month.Interactions.Where(c => c.Queue == "tech" && c.Channel == Channel.Phone
                && c.Arrival.DayOfWeek == day && c.Arrival.Hour == hour && c.Arrival.Minute < 30).ToList();
            var days = rows.Select(c => DateOnly.FromDateTime(c.Arrival.DateTime)).Distinct().Count();
            var logged = rows.Count / (double)days;
            var k = ((int)day + 6) % 7 * 48 + hour * 2;
            var planned = offered[k] / 2;
            var naive = queue.ArrivalRatesPerHour[k] / 2 / queue.FirstContactResolution;
            Assert.True(Math.Abs(planned - logged) < Math.Abs(naive - logged),
                $"{day} {hour}:00: repeat flow {planned:0.0}, fresh/FCR {naive:0.0}, log {logged:0.0}");
            Assert.InRange(planned / logged, 0.8, 1.25);
        }
    }
}
