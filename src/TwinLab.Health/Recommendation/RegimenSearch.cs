using System.Globalization;
using TwinLab.Health.Pharmacology;

namespace TwinLab.Health.Recommendation;

/// <summary>The regimens the recommender searches and their class-and-dose patterns.</summary>
internal static class RegimenSearch
{
    /// <summary>
    /// Every regimen of one to <paramref name="maxDrugs"/> drugs with at most one drug per class, each drug of the catalogue
    /// at half, standard and double dose (Law 2003's three levels), in a fixed order.
    /// </summary>
    public static List<Regimen> All(DrugCatalogue catalogue, int maxDrugs)
    {
        var options = DrugClassNames.All
            .Select(c => catalogue.OfClass(c).SelectMany(d => Enum.GetValues<DoseLevel>().Select(l => new RegimenItem(d, d.DoseMg(l)))).ToArray())
            .Where(o => o.Length > 0)
            .ToArray();
        var result = new List<Regimen>();
        var chosen = new List<RegimenItem>(maxDrugs);
        void Extend(int firstClass)
        {
            for (var c = firstClass; c < options.Length; c++)
            {
                foreach (var item in options[c])
                {
                    chosen.Add(item);
                    result.Add(new Regimen(chosen));
                    if (chosen.Count < maxDrugs) Extend(c + 1);
                    chosen.RemoveAt(chosen.Count - 1);
                }
            }
        }
        Extend(0);
        return result;
    }

    /// <summary>The class-and-dose pattern of a regimen, such as <c>ace-inhibitor standard + ccb double</c>.</summary>
    public static string Pattern(Regimen regimen) =>
        regimen.IsEmpty ? "none" : string.Join(" + ", regimen.Items.Select(i => $"{i.Drug.Class.Name()} {LevelName(i.RelativeDose)}"));

    /// <summary>The Law 2003 dose level a relative dose is, or <c>×r</c> when it is none of them.</summary>
    public static string LevelName(double relativeDose) => relativeDose switch
    {
        0.5 => "half",
        1.0 => "standard",
        2.0 => "double",
        _ => "×" + relativeDose.ToString("0.##", CultureInfo.InvariantCulture),
    };
}
