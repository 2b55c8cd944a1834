namespace TwinLab.Simulation.Random.Distributions;

/// <summary>
/// Reads the scenario-file form of a distribution (see <see cref="Distribution.Parse"/>). Every failure is a
/// <see cref="FormatException"/> quoting the input, saying what was wrong and what would be accepted.
/// </summary>
internal static class DistributionParser
{
    /// <summary>A family: its parameter sets (exactly one must be given) or value: weight pairs, and its builder.</summary>
    private sealed record Family(string Needs, string Example, string[][] Forms, Func<DistributionArguments, Distribution> Build)
    {
        public bool TakesPairs => Forms.Length == 0;
    }

    private static readonly Dictionary<string, Family> Families = new(StringComparer.Ordinal)
    {
        ["exponential"] = new("one of rate or mean", "exponential(rate=2)", [["rate"], ["mean"]],
            a => Distribution.Exponential(a.Has("rate") ? a["rate"] : 1 / Require.Positive(a["mean"], "mean"))),
        ["normal"] = new("mean and sd", "normal(mean=10, sd=2)", [["mean", "sd"]],
            a => Distribution.Normal(a["mean"], a["sd"])),
        ["lognormal"] = new("mean and sd, or mu and sigma", "lognormal(mean=10, sd=3)", [["mean", "sd"], ["mu", "sigma"]],
            a => a.Has("mu") ? Distribution.LogNormal(a["mu"], a["sigma"]) : Distribution.LogNormalFromMoments(a["mean"], a["sd"])),
        ["gamma"] = new("shape and one of scale or rate", "gamma(shape=2, scale=3)", [["shape", "scale"], ["shape", "rate"]],
            a => a.Has("scale") ? Distribution.GammaWithScale(a["shape"], a["scale"]) : Distribution.GammaWithRate(a["shape"], a["rate"])),
        ["weibull"] = new("shape and scale", "weibull(shape=1.5, scale=10)", [["shape", "scale"]],
            a => Distribution.Weibull(a["shape"], a["scale"])),
        ["uniform"] = new("min and max", "uniform(min=1, max=3)", [["min", "max"]],
            a => Distribution.Uniform(a["min"], a["max"])),
        ["triangular"] = new("min, mode and max", "triangular(min=1, mode=2, max=4)", [["min", "mode", "max"]],
            a => Distribution.Triangular(a["min"], a["mode"], a["max"])),
        ["constant"] = new("one value", "constant(5)", [["value"]],
            a => Distribution.Constant(a["value"])),
        ["bernoulli"] = new("p", "bernoulli(p=0.3)", [["p"]],
            a => Distribution.Bernoulli(a["p"])),
        ["categorical"] = new("value: weight pairs", "categorical(1: 0.2, 2: 0.8)", [],
            a => Distribution.Categorical(a.Pairs)),
    };

    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal) { ["discrete"] = "categorical" };

    private static readonly string KnownNames = string.Join(", ", Families.Keys.Concat(Aliases.Keys).Order(StringComparer.Ordinal));

    public static Distribution Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (trimmed.Length == 0) throw Error(text, "it is empty; expected a number or e.g. exponential(rate=2)");
        if (DistributionArguments.TryNumber(trimmed, out var number)) return Build(text, () => Distribution.Constant(number));

        var open = trimmed.IndexOf('(');
        var name = (open < 0 ? trimmed : trimmed[..open]).Trim().ToLowerInvariant();
        if (name.Length == 0 || !name.All(char.IsAsciiLetter))
            throw Error(text, "expected a number or a distribution name with parameters, e.g. exponential(rate=2)");
        var canonical = Aliases.GetValueOrDefault(name, name);
        if (!Families.TryGetValue(canonical, out var family))
        {
            var suggestion = Spelling.Suggest(name, Families.Keys.Concat(Aliases.Keys));
            var hint = suggestion is null ? "." : $"; did you mean '{suggestion}'?";
            throw Error(text, $"unknown distribution '{name}'{hint} Known: {KnownNames}");
        }

        var close = trimmed.LastIndexOf(')');
        if (open < 0 || close != trimmed.Length - 1 || trimmed.IndexOf('(', open + 1) >= 0 || trimmed.IndexOf(')') != close)
            throw Error(text, $"expected {name}(...) with its parameters in one pair of parentheses, e.g. {family.Example}");

        DistributionArguments arguments;
        try
        {
            arguments = DistributionArguments.Read(trimmed[(open + 1)..close]);
        }
        catch (FormatException e)
        {
            throw Error(text, e.Message);
        }
        Check(text, name, canonical, family, arguments);
        return Build(text, () => family.Build(arguments));
    }

    /// <summary>Checks the arguments have one of the family's forms; constant also takes one bare number.</summary>
    private static void Check(string text, string name, string canonical, Family family, DistributionArguments arguments)
    {
        var needs = $"{name} needs {family.Needs}, e.g. {family.Example}";
        if (family.TakesPairs)
        {
            if (arguments.Named.Count > 0 || arguments.Positional.Count > 0 || arguments.Pairs.Count == 0) throw Error(text, needs);
            return;
        }
        if (arguments.Pairs.Count > 0) throw Error(text, $"{name} takes name=value parameters, e.g. {family.Example}");
        if (canonical == "constant" && arguments.Positional.Count == 1 && arguments.Named.Count == 0)
        {
            arguments.Named["value"] = arguments.Positional[0].Value;
            arguments.Positional.Clear();
        }
        if (arguments.Positional.Count > 0)
            throw Error(text, $"{name} takes named parameters, e.g. {family.Example}; got '{arguments.Positional[0].Text}'");

        var accepted = family.Forms.SelectMany(f => f).Distinct().ToArray();
        var unknown = arguments.Named.Keys.FirstOrDefault(k => !accepted.Contains(k));
        if (unknown is not null)
            throw Error(text, $"{name} has no parameter '{unknown}'; accepted: {string.Join(", ", accepted)}");
        if (!family.Forms.Any(form => form.Length == arguments.Named.Count && form.All(arguments.Has)))
            throw Error(text, needs);
    }

    private static Distribution Build(string text, Func<Distribution> build)
    {
        try
        {
            return build();
        }
        catch (Require.ParameterException e)
        {
            throw Error(text, e.Reason);
        }
    }

    private static FormatException Error(string text, string reason) => new($"Invalid distribution '{text.Trim()}': {reason}");
}
