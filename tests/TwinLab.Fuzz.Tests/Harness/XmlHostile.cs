using System.Text;
using CsCheck;

namespace TwinLab.Fuzz.Tests.Harness;

/// <summary>
/// Structure-aware XML mutation: a DOCTYPE is declared after the XML declaration of a valid seed and its entity is
/// referenced in one attribute value or text — the billion laughs, external entities (a local file, a loopback URL, a
/// parameter entity), or deep nesting and a huge attribute are inserted inside an element.
/// </summary>
internal static class XmlHostile
{
    /// <summary>The kinds of hostile XML.</summary>
    public enum Attack { BillionLaughs, ExternalFile, ExternalUrl, ParameterEntity, DeepNesting, HugeAttribute, ManyAttributes }

    /// <summary>A seed with one attack.</summary>
    public static Gen<string> Mutate(IReadOnlyList<string> seeds) =>
        Gen.Select(Gen.Int[0, seeds.Count - 1], Gen.Enum<Attack>(), Gen.Int[0, 1 << 16], Gen.Int[2, 100_000],
            (seed, attack, pick, size) => Apply(seeds[seed], attack, pick, size));

    /// <summary>Applies <paramref name="attack"/> to <paramref name="seed"/>; <paramref name="pick"/> chooses where.</summary>
    public static string Apply(string seed, Attack attack, int pick, int size) => attack switch
    {
        Attack.BillionLaughs => Declare(seed, BillionLaughs(Math.Min(size, 10)), "&l" + Math.Min(size, 10) + ";", pick),
        Attack.ExternalFile => Declare(seed, "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">", "&xxe;", pick),
        Attack.ExternalUrl => Declare(seed, "<!ENTITY xxe SYSTEM \"http://127.0.0.1:9/xxe\">", "&xxe;", pick),
        Attack.ParameterEntity => Declare(seed, "<!ENTITY % p SYSTEM \"file:///etc/passwd\"> %p;", "", pick),
        Attack.DeepNesting => InsideElement(seed, new StringBuilder().Insert(0, "<a>", size).Insert(size * 3, "</a>", size).ToString(), pick),
        Attack.HugeAttribute => InsideElement(seed, $"<a b=\"{new string('x', size)}\"/>", pick),
        _ => InsideElement(seed, "<a " + string.Concat(Enumerable.Range(0, Math.Min(size, 20_000)).Select(i => $"a{i}=\"\" ")) + "/>", pick),
    };

    /// <summary>The classic entity expansion: ten levels of ten references each (10^levels copies of "lol").</summary>
    public static string BillionLaughs(int levels)
    {
        var b = new StringBuilder("<!ENTITY l0 \"lol\">");
        for (var i = 1; i <= levels; i++)
            b.Append($"<!ENTITY l{i} \"").Append(string.Concat(Enumerable.Repeat($"&l{i - 1};", 10))).Append("\">");
        return b.ToString();
    }

    /// <summary>Declares <paramref name="entities"/> in a DOCTYPE after the XML declaration and puts
    /// <paramref name="reference"/> into an attribute value or text chosen by <paramref name="pick"/>.</summary>
    public static string Declare(string seed, string entities, string reference, int pick)
    {
        var rootAt = FirstElement(seed);
        var rootName = seed[(rootAt + 1)..].Split([' ', '>', '/', '\n', '\r', '\t'], 2)[0];
        var withReference = InsertReference(seed, reference, pick, rootAt);
        var doctype = $"<!DOCTYPE {rootName} [{entities}]>\n";
        // A document has one DOCTYPE: nmap writes '<!DOCTYPE nmaprun>', which the hostile one replaces.
        var existing = withReference.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        return existing >= 0 && existing < rootAt
            ? string.Concat(withReference.AsSpan(0, existing), doctype, withReference.AsSpan(withReference.IndexOf('>', existing) + 1))
            : withReference.Insert(rootAt, doctype);
    }

    private static string InsertReference(string seed, string reference, int pick, int rootAt)
    {
        if (reference.Length == 0) return seed;
        // Positions right after an attribute's opening quote, past the prolog.
        var spots = new List<int>();
        for (var i = seed.IndexOf("=\"", rootAt, StringComparison.Ordinal); i >= 0; i = seed.IndexOf("=\"", i + 2, StringComparison.Ordinal))
            spots.Add(i + 2);
        return spots.Count == 0 ? seed : seed.Insert(spots[pick % spots.Count], reference);
    }

    private static string InsideElement(string seed, string fragment, int pick)
    {
        var spots = new List<int>();
        for (var i = seed.IndexOf('>', FirstElement(seed)); i >= 0 && i < seed.Length - 1; i = seed.IndexOf('>', i + 1))
            if (seed[i - 1] != '/' && seed[i - 1] != '?') spots.Add(i + 1);
        return spots.Count == 0 ? seed + fragment : seed.Insert(spots[pick % spots.Count], fragment);
    }

    private static int FirstElement(string seed)
    {
        for (var i = seed.IndexOf('<'); i >= 0; i = seed.IndexOf('<', i + 1))
            if (i + 1 < seed.Length && (char.IsLetter(seed[i + 1]) || seed[i + 1] == '_')) return i;
        return 0;
    }
}
