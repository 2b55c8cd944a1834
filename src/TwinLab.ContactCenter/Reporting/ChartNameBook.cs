using TwinLab.Simulation.Reports;

namespace TwinLab.ContactCenter.Reporting;

/// <summary>Hands out chart names unique within one report (two queue names can slug alike), in report order.</summary>
internal sealed class ChartNameBook
{
    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);

    public string Claim(string prefix, params string[] parts)
    {
        var name = ChartNames.Of(prefix, string.Join("-", parts));
        var count = _seen[name] = _seen.GetValueOrDefault(name) + 1;
        return count == 1 ? name : $"{name}-{count}";
    }
}
