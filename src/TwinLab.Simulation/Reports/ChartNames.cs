using System.Text;

namespace TwinLab.Simulation.Reports;

/// <summary>Turns KPI and series names into file-name-safe chart names (<c>kpi-mean_wait</c>).</summary>
public static class ChartNames
{
    /// <summary><paramref name="prefix"/>-<paramref name="name"/> with the name lower-cased and anything but letters, digits, '_' and '-' replaced by '-'.</summary>
    public static string Of(string prefix, string name)
    {
        var slug = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            var keep = c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '-';
            // Collapse runs of replaced characters so "a <b>" becomes "a-b", not "a--b-".
            if (keep) slug.Append(c);
            else if (slug.Length > 0 && slug[^1] != '-') slug.Append('-');
        }
        var text = slug.ToString().Trim('-');
        return text.Length == 0 ? prefix : $"{prefix}-{text}";
    }

    /// <summary>The charts with names made unique (a second <c>kpi-a</c> becomes <c>kpi-a-2</c>), since two names can slug alike.</summary>
    public static IReadOnlyList<ReportChart> Unique(IEnumerable<ReportChart> charts)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<ReportChart>();
        foreach (var chart in charts)
        {
            var count = seen[chart.Name] = seen.GetValueOrDefault(chart.Name) + 1;
            result.Add(count == 1 ? chart : chart.Renamed($"{chart.Name}-{count}"));
        }
        return result;
    }
}
