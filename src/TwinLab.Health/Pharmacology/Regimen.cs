using System.Globalization;
using System.Text.RegularExpressions;

namespace TwinLab.Health.Pharmacology;

/// <summary>A set of drugs taken daily, each at its dose; the empty regimen is no treatment.</summary>
/// <remarks>Immutable; two regimens with the same drugs and doses are equal whatever their order.</remarks>
public sealed partial class Regimen : IEquatable<Regimen>
{
    /// <summary>No treatment.</summary>
    public static Regimen None { get; } = new([]);

    /// <summary>Creates a regimen; items are kept sorted by class, then drug name.</summary>
    public Regimen(IEnumerable<RegimenItem> items)
    {
        Items = items.OrderBy(i => i.Drug.Class).ThenBy(i => i.Drug.Name, StringComparer.Ordinal).ThenBy(i => i.DoseMg).ToArray();
    }

    /// <summary>The drugs and doses, sorted by class then name.</summary>
    public IReadOnlyList<RegimenItem> Items { get; }

    /// <summary>Whether this is no treatment.</summary>
    public bool IsEmpty => Items.Count == 0;

    /// <summary>The distinct classes in the regimen.</summary>
    public IEnumerable<DrugClass> Classes => Items.Select(i => i.Drug.Class).Distinct();

    /// <summary>Number of pills a day, counting one per drug (fixed-dose combinations are not modelled).</summary>
    public int PillCount => Items.Count;

    /// <summary>Adds a drug (a new regimen).</summary>
    public Regimen With(Drug drug, double doseMg) => new(Items.Append(new RegimenItem(drug, doseMg)));

    /// <summary>
    /// Reads a regimen such as <c>amlodipine 5mg + lisinopril 10 mg</c>: parts separated by <c>+</c> or <c>,</c>, each a
    /// drug name (generic or brand, case-insensitive) and a dose in mg (<c>5mg</c>, <c>5 mg</c>, <c>2.5</c>) or a dose level
    /// (<c>half</c>, <c>standard</c>, <c>double</c>); a drug without a dose takes its standard dose. <c>none</c> or an empty
    /// text is no treatment.
    /// </summary>
    /// <exception cref="RegimenFormatException">A part names no known drug, or has a dose that is not a positive number of mg.</exception>
    public static Regimen Parse(string text, DrugCatalogue? catalogue = null)
    {
        catalogue ??= DrugCatalogue.Default;
        var trimmed = text.Trim();
        if (trimmed.Length == 0 || trimmed.Equals("none", StringComparison.OrdinalIgnoreCase)) return None;
        var items = new List<RegimenItem>();
        foreach (var raw in trimmed.Split(['+', ','], StringSplitOptions.TrimEntries))
        {
            if (raw.Length == 0) throw new RegimenFormatException(text, raw, "an empty part; parts are separated by '+'");
            var match = PartPattern().Match(raw);
            if (!match.Success) throw new RegimenFormatException(text, raw, "expected a drug name and a dose, such as 'amlodipine 5mg'");
            var name = match.Groups["name"].Value.Trim();
            var drug = catalogue.Find(name)
                ?? throw new RegimenFormatException(text, raw, $"unknown drug '{name}'; known: {string.Join(", ", catalogue.All.Select(d => d.Name))}");
            double dose;
            if (match.Groups["mg"].Success)
            {
                if (!double.TryParse(match.Groups["mg"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out dose) || !(dose > 0) || double.IsInfinity(dose))
                    throw new RegimenFormatException(text, raw, $"the dose '{match.Groups["mg"].Value}' is not a positive number of mg");
            }
            else if (match.Groups["level"].Success)
            {
                dose = match.Groups["level"].Value.ToLowerInvariant() switch
                {
                    "half" => drug.DoseMg(DoseLevel.Half),
                    "double" or "twice" => drug.DoseMg(DoseLevel.Double),
                    _ => drug.DoseMg(DoseLevel.Standard),
                };
            }
            else
            {
                dose = drug.StandardDoseMg;
            }
            items.Add(new RegimenItem(drug, dose));
        }
        return new Regimen(items);
    }

    [GeneratedRegex(@"^(?<name>[A-Za-z][A-Za-z\- ]*?)\s*(?:(?<mg>[0-9]+(?:\.[0-9]+)?|\.[0-9]+)\s*(?:mg)?|(?<level>half|standard|double|twice)(?:\s+dose)?)?\s*(?:daily|/d|/day|od|once daily)?$", RegexOptions.IgnoreCase)]
    private static partial Regex PartPattern();

    /// <summary>The regimen in the syntax <see cref="Parse"/> reads; <c>none</c> for no treatment.</summary>
    public override string ToString() => IsEmpty ? "none" : string.Join(" + ", Items);

    /// <inheritdoc />
    public bool Equals(Regimen? other) =>
        other is not null && other.Items.Count == Items.Count
        && Items.Zip(other.Items).All(p => p.First.Drug.Name == p.Second.Drug.Name && p.First.DoseMg.Equals(p.Second.DoseMg));

    /// <inheritdoc />
    public override bool Equals(object? obj) => Equals(obj as Regimen);

    /// <inheritdoc />
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var item in Items) { hash.Add(item.Drug.Name, StringComparer.Ordinal); hash.Add(item.DoseMg); }
        return hash.ToHashCode();
    }
}
