using System.Globalization;
using System.Text.RegularExpressions;
using TwinLab.Core.Errors;
using TwinLab.Health.Patients;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Prediction;

/// <summary>
/// A blood-pressure target in home-BP terms: a person reaches it when their week-average home BP is below it on both
/// systolic and diastolic.
/// </summary>
/// <param name="Name">Short id as <see cref="Parse"/> reads it, such as <c>acc-aha</c> or <c>140/90 clinic</c>.</param>
/// <param name="Home">The threshold in home BP (mmHg): reached when systolic &lt; <c>Home.Systolic</c> and diastolic &lt; <c>Home.Diastolic</c>.</param>
/// <param name="Description">What the target is and where it comes from, in a clinician's words.</param>
public sealed partial record BpTarget(string Name, BpChange Home, string Description)
{
    /// <summary>
    /// ACC/AHA 2017 (Whelton PK et al., Hypertension 2018;71:e13): clinic BP below 130/80; the home equivalent from the
    /// guideline's Table 11 is also 130/80.
    /// </summary>
    public static BpTarget AccAha2017 { get; } = FromClinic("acc-aha", new BpChange(130, 80),
        "ACC/AHA 2017 target: clinic < 130/80 mmHg (home equivalent 130/80 by the guideline's Table 11)");

    /// <summary>The common home-BP threshold of 135/85 mmHg (ACC/AHA 2017 Table 11: home 135/85 ↔ clinic 140/90).</summary>
    public static BpTarget Home135Over85 { get; } = new("home-135-85", new BpChange(135, 85),
        "home-BP threshold < 135/85 mmHg (corresponds to clinic 140/90, ACC/AHA 2017 Table 11)");

    /// <summary>
    /// ESC/ESH 2018 (Williams B et al., Eur Heart J 2018;39:3021): under 65 a clinic systolic of 120–129 and diastolic
    /// below 80, taken here as the upper bound 130/80; at 65 or older 130–139/&lt;80, taken as 140/80. Both are converted
    /// to home BP with ACC/AHA 2017 Table 11 (<see cref="HomeBp.ToHome"/>). When the age is unknown the stricter,
    /// under-65 target is used and the description says so.
    /// </summary>
    public static BpTarget EscEsh2018(int? age) => age switch
    {
        >= 65 => FromClinic("esc-esh", new BpChange(140, 80), $"ESC/ESH 2018 target for age {age} (≥ 65): clinic 130–139/< 80, upper bound 140/80 mmHg"),
        null => FromClinic("esc-esh", new BpChange(130, 80), "ESC/ESH 2018 target, age unknown so the stricter under-65 one: clinic 120–129/< 80, upper bound 130/80 mmHg"),
        _ => FromClinic("esc-esh", new BpChange(130, 80), $"ESC/ESH 2018 target for age {age} (< 65): clinic 120–129/< 80, upper bound 130/80 mmHg"),
    };

    /// <summary>A custom target given in clinic or home BP (clinic values are converted with <see cref="HomeBp.ToHome"/>).</summary>
    /// <exception cref="TwinLabException">The values are not plausible BP thresholds (systolic 90–200, diastolic 50–120, systolic above diastolic).</exception>
    public static BpTarget Custom(double systolic, double diastolic, ReadingSetting setting)
    {
        var text = $"{Format(systolic)}/{Format(diastolic)} {(setting == ReadingSetting.Clinic ? "clinic" : "home")}";
        if (!(systolic is >= 90 and <= 200) || !(diastolic is >= 50 and <= 120) || diastolic >= systolic)
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"target '{text}': expected a systolic of 90–200 and a diastolic of 50–120 mmHg, systolic above diastolic");
        var value = new BpChange(systolic, diastolic);
        return setting == ReadingSetting.Clinic
            ? FromClinic(text, value, $"custom target: clinic < {Format(systolic)}/{Format(diastolic)} mmHg")
            : new BpTarget(text, value, $"custom target: home < {Format(systolic)}/{Format(diastolic)} mmHg");
    }

    /// <summary>
    /// Reads a target: <c>acc-aha</c> (default), <c>esc-esh</c> (needs <paramref name="age"/>), <c>home-135-85</c>, or a custom
    /// <c>sys/dia</c> optionally followed by <c>clinic</c> or <c>home</c> (a bare <c>130/80</c> is a clinic value, as guidelines
    /// write them).
    /// </summary>
    /// <param name="text">The target text.</param>
    /// <param name="age">The person's age, for the age-dependent ESC/ESH target.</param>
    /// <exception cref="TwinLabException">The text is none of these; the message lists what is accepted.</exception>
    public static BpTarget Parse(string text, int? age = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim().ToLowerInvariant().Replace('_', '-');
        switch (t)
        {
            case "" or "acc-aha" or "acc/aha" or "acc-aha-2017" or "accaha" or "default": return AccAha2017;
            case "esc-esh" or "esc/esh" or "esc-esh-2018" or "escesh": return EscEsh2018(age);
            case "home-135-85" or "home" or "135/85 home": return Home135Over85;
        }
        var match = CustomPattern().Match(t);
        if (!match.Success)
            throw new TwinLabException(ErrorCodes.InvalidArgument,
                $"target '{text}': expected acc-aha, esc-esh, home-135-85, or 'sys/dia' with an optional 'clinic' or 'home' (such as '140/90 clinic')");
        var sys = double.Parse(match.Groups["sys"].Value, CultureInfo.InvariantCulture);
        var dia = double.Parse(match.Groups["dia"].Value, CultureInfo.InvariantCulture);
        var setting = match.Groups["setting"].Value == "home" ? ReadingSetting.Home : ReadingSetting.Clinic;
        return Custom(sys, dia, setting);
    }

    /// <summary>Whether a week-average home BP meets the target (below it on both).</summary>
    public bool IsMet(double systolic, double diastolic) => systolic < Home.Systolic && diastolic < Home.Diastolic;

    /// <inheritdoc />
    public override string ToString() => $"{Name} (home < {Format(Home.Systolic)}/{Format(Home.Diastolic)})";

    private static BpTarget FromClinic(string name, BpChange clinic, string description)
    {
        var home = HomeBp.ToHome(clinic);
        return new BpTarget(name, home, $"{description}; home < {Format(home.Systolic)}/{Format(home.Diastolic)} mmHg");
    }

    private static string Format(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^(?<sys>[0-9]{2,3}(?:\.[0-9]+)?)\s*/\s*(?<dia>[0-9]{2,3}(?:\.[0-9]+)?)\s*(?:mmhg)?\s*(?<setting>clinic|office|home)?$")]
    private static partial Regex CustomPattern();
}
