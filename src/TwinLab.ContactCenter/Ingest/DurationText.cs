using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml;

namespace TwinLab.ContactCenter.Ingest;

/// <summary>Reads a duration as logs write it: seconds (<c>245</c>, <c>245.5</c>), <c>H:MM:SS</c>, <c>M:SS</c> or ISO 8601 (<c>PT4M5S</c>).</summary>
internal static partial class DurationText
{
    public const string Examples = "seconds such as 245, or H:MM:SS such as 0:04:05";

    [GeneratedRegex(@"^(?<neg>-)?(?<a>\d+):(?<b>\d{1,2})(?::(?<c>\d{1,2}))?(?<f>[.,]\d+)?$")]
    private static partial Regex ClockForm();

    /// <summary>The duration in seconds (negative values are returned, for the caller to report).</summary>
    public static bool TryParse(string text, out double seconds)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds))
            return double.IsFinite(seconds);
        var m = ClockForm().Match(text);
        if (m.Success)
        {
            double a = int.Parse(m.Groups["a"].Value, CultureInfo.InvariantCulture), b = int.Parse(m.Groups["b"].Value, CultureInfo.InvariantCulture);
            var fraction = m.Groups["f"].Success ? double.Parse("0." + m.Groups["f"].Value[1..], CultureInfo.InvariantCulture) : 0;
            if (m.Groups["c"].Success)
            {
                double c = int.Parse(m.Groups["c"].Value, CultureInfo.InvariantCulture);
                if (b > 59 || c > 59) return false;
                seconds = a * 3600 + b * 60 + c + fraction;
            }
            else
            {
                // Two parts in a duration column are minutes and seconds (talk time 02:23), not hours and minutes.
                if (b > 59) return false;
                seconds = a * 60 + b + fraction;
            }
            if (m.Groups["neg"].Success) seconds = -seconds;
            return true;
        }
        if (text.Length > 1 && (text[0] == 'P' || text[..2] == "-P"))
        {
            try
            {
                seconds = XmlConvert.ToTimeSpan(text).TotalSeconds;
                return true;
            }
            catch (FormatException)
            {
            }
            catch (OverflowException)
            {
            }
        }
        seconds = 0;
        return false;
    }
}
