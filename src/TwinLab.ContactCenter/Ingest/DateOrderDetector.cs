namespace TwinLab.ContactCenter.Ingest;

/// <summary>
/// Decides whether dates such as 03/04/2024 are day or month first by looking at every such date in the file's time
/// columns: a first number above 12 can only be a day, a second one above 12 only a day too (so month first).
/// </summary>
internal sealed class DateOrderDetector
{
    private int _dayFirst;
    private int _monthFirst;
    private int _seen;
    private bool _amPm;

    public void Observe(string text)
    {
        if (!TimestampText.TryDayMonthParts(text.Trim(), out var first, out var second, out var amPm)) return;
        _seen++;
        _amPm |= amPm;
        if (first > 12 && second <= 12) _dayFirst++;
        else if (second > 12 && first <= 12) _monthFirst++;
    }

    /// <summary>The order to read the file with, and a note saying how it was chosen (null when no date needed it).</summary>
    public (DateOrder Order, string? Note) Decide()
    {
        if (_seen == 0) return (DateOrder.DayFirst, null);
        if (_dayFirst > 0 && _monthFirst == 0) return (DateOrder.DayFirst, $"dates read day first (dd/MM/yyyy): {_dayFirst} dates have a day above 12");
        if (_monthFirst > 0 && _dayFirst == 0) return (DateOrder.MonthFirst, $"dates read month first (M/d/yyyy): {_monthFirst} dates have a day above 12 in second place");
        if (_dayFirst > 0)
        {
            var order = _monthFirst > _dayFirst ? DateOrder.MonthFirst : DateOrder.DayFirst;
            return (order, $"dates disagree about day/month order ({_dayFirst} day first, {_monthFirst} month first); read {(order == DateOrder.DayFirst ? "day" : "month")} first, the others are reported");
        }
        return _amPm
            ? (DateOrder.MonthFirst, "no date decides the day/month order; read month first (US) because times use AM/PM; set the date order if that is wrong")
            : (DateOrder.DayFirst, "no date decides the day/month order; read day first (dd/MM/yyyy); set the date order if that is wrong");
    }
}
