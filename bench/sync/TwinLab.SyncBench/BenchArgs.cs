using System.Globalization;

namespace TwinLab.SyncBench;

/// <summary>The command line after the role: <c>--name value</c> pairs and <c>--flag</c>s.</summary>
internal sealed class BenchArgs
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public BenchArgs(IEnumerable<string> args)
    {
        string? name = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (name is not null) _values[name] = null;
                name = arg[2..];
            }
            else if (name is not null)
            {
                _values[name] = arg;
                name = null;
            }
            else throw new ArgumentException($"unexpected argument '{arg}' (options are --name value)");
        }
        if (name is not null) _values[name] = null;
    }

    public string String(string name, string fallback) => Get(name) ?? fallback;

    public string? Optional(string name) => Get(name);

    public int Int(string name, int fallback) => Get(name) is { } text
        ? int.TryParse(text.Replace("_", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new ArgumentException($"--{name} must be a whole number ≥ 0, not '{text}'")
        : fallback;

    public double Double(string name, double fallback) => Get(name) is { } text
        ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new ArgumentException($"--{name} must be a number ≥ 0, not '{text}'")
        : fallback;

    public bool Flag(string name)
    {
        _used.Add(name);
        return _values.ContainsKey(name);
    }

    /// <summary>Throws for an option the role does not know (a typo would otherwise be ignored silently).</summary>
    public void RejectUnknown()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0) throw new ArgumentException($"unknown option {string.Join(", ", unknown.Select(u => "--" + u))}");
    }

    private string? Get(string name)
    {
        _used.Add(name);
        return _values.TryGetValue(name, out var value) ? value : null;
    }
}
