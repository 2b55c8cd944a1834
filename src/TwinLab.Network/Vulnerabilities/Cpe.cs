using System.Text;

namespace TwinLab.Network.Vulnerabilities;

/// <summary>
/// A CPE name (Common Platform Enumeration) with the eleven attributes of the CPE 2.3 well-formed name, read from a
/// CPE 2.2 URI (<c>cpe:/a:openbsd:openssh:8.2p1</c>, as nmap writes them) or a CPE 2.3 formatted string
/// (<c>cpe:2.3:a:openbsd:openssh:8.2p1:*:*:*:*:*:*:*</c>, as NVD writes them).
/// </summary>
/// <remarks>
/// <para>Each attribute holds its value as it is written in a CPE 2.3 formatted string, lowercased: <c>*</c> is ANY,
/// <c>-</c> is NA, otherwise letters, digits, <c>_</c>, <c>.</c> and <c>-</c> stand for themselves, every other literal
/// character is escaped with a backslash (<c>\!</c>, <c>\:</c>, <c>\/</c>), and an unescaped <c>*</c> or <c>?</c> at the
/// start or end of a value is a wildcard (only criteria use them). Two names with the same attributes are equal, so
/// <c>cpe:/a:apache:http_server:2.4.49</c> equals <c>cpe:2.3:a:apache:http_server:2.4.49:*:*:*:*:*:*:*</c>. Values set
/// through the constructor, <c>init</c> or <c>with</c> are normalised the same way (and checked).</para>
/// <para>Parsing and binding follow NISTIR 7695 (CPE Naming Specification 2.3): §6.1.3 for URIs, including
/// percent-decoding, <c>%01</c>/<c>%02</c> as the wildcards <c>?</c>/<c>*</c> and the packed edition
/// <c>~edition~sw_edition~target_sw~target_hw~other</c>; §6.2.3 for formatted strings. Values are lowercased as the
/// URI unbinding does, since CPE matching ignores case.</para>
/// </remarks>
public sealed record Cpe
{
    /// <summary>The value meaning "any value" (ANY).</summary>
    public const string Any = "*";

    /// <summary>The value meaning "not applicable" (NA).</summary>
    public const string NotApplicable = "-";

    private readonly string _part = Any;
    private readonly string _vendor = Any;
    private readonly string _product = Any;
    private readonly string _version = Any;
    private readonly string _update = Any;
    private readonly string _edition = Any;
    private readonly string _language = Any;
    private readonly string _swEdition = Any;
    private readonly string _targetSw = Any;
    private readonly string _targetHw = Any;
    private readonly string _other = Any;

    /// <summary>Creates a name from its attribute values in formatted-string form (see the remarks of <see cref="Cpe"/>).</summary>
    /// <param name="part"><c>a</c> (application), <c>o</c> (operating system), <c>h</c> (hardware) or <c>*</c>.</param>
    /// <param name="vendor">The vendor, such as <c>openbsd</c>.</param>
    /// <param name="product">The product, such as <c>openssh</c>.</param>
    /// <param name="version">The version, such as <c>8.2p1</c>; <c>*</c> when unknown.</param>
    /// <exception cref="CpeFormatException">A value is not valid.</exception>
    public Cpe(string part, string vendor, string product, string version = Any)
    {
        Part = part;
        Vendor = vendor;
        Product = product;
        Version = version;
    }

    /// <summary><c>a</c> (application), <c>o</c> (operating system), <c>h</c> (hardware), or <c>*</c>.</summary>
    public string Part
    {
        get => _part;
        init
        {
            var v = CpeText.Normalize(value, "part", value);
            _part = v is "a" or "o" or "h" or Any ? v : throw new CpeFormatException(value, "the part must be a, o, h or *");
        }
    }

    /// <summary>The vendor, such as <c>apache</c>.</summary>
    public string Vendor { get => _vendor; init => _vendor = CpeText.Normalize(value, "vendor", value); }

    /// <summary>The product, such as <c>http_server</c>.</summary>
    public string Product { get => _product; init => _product = CpeText.Normalize(value, "product", value); }

    /// <summary>The version, such as <c>2.4.49</c>.</summary>
    public string Version { get => _version; init => _version = CpeText.Normalize(value, "version", value); }

    /// <summary>The update (service pack, patch level), such as <c>sp2</c> or <c>rc1</c>.</summary>
    public string Update { get => _update; init => _update = CpeText.Normalize(value, "update", value); }

    /// <summary>The (legacy) edition.</summary>
    public string Edition { get => _edition; init => _edition = CpeText.Normalize(value, "edition", value); }

    /// <summary>The language tag, such as <c>en-us</c>.</summary>
    public string Language { get => _language; init => _language = CpeText.Normalize(value, "language", value); }

    /// <summary>The software edition (market segment).</summary>
    public string SwEdition { get => _swEdition; init => _swEdition = CpeText.Normalize(value, "sw_edition", value); }

    /// <summary>The software environment the product runs in, such as <c>node.js</c>.</summary>
    public string TargetSw { get => _targetSw; init => _targetSw = CpeText.Normalize(value, "target_sw", value); }

    /// <summary>The hardware architecture, such as <c>x64</c>.</summary>
    public string TargetHw { get => _targetHw; init => _targetHw = CpeText.Normalize(value, "target_hw", value); }

    /// <summary>Any other information.</summary>
    public string Other { get => _other; init => _other = CpeText.Normalize(value, "other", value); }

    /// <summary>The eleven attribute values in CPE 2.3 order (part, vendor, product, version, update, edition,
    /// language, sw_edition, target_sw, target_hw, other).</summary>
    public IReadOnlyList<string> Attributes => [Part, Vendor, Product, Version, Update, Edition, Language, SwEdition, TargetSw, TargetHw, Other];

    /// <summary>Whether <paramref name="value"/> is ANY (<c>*</c>).</summary>
    public static bool IsAny(string value) => value == Any;

    /// <summary>Whether <paramref name="value"/> is NA (<c>-</c>).</summary>
    public static bool IsNotApplicable(string value) => value == NotApplicable;

    /// <summary>Whether <paramref name="value"/> is a literal value (neither ANY nor NA, and without wildcards).</summary>
    public static bool IsLiteral(string value) => value is not (Any or NotApplicable) && !CpeText.HasWildcard(value);

    /// <summary>The literal text of a value, without escapes (<c>node\.js</c> stays <c>node.js</c>,
    /// <c>1\!0</c> becomes <c>1!0</c>); ANY and NA give null.</summary>
    public static string? Unescape(string value) => value is Any or NotApplicable ? null : CpeText.Unescape(value);

    /// <summary>Reads a CPE 2.2 URI (starting <c>cpe:/</c>) or a CPE 2.3 formatted string (starting <c>cpe:2.3:</c>).</summary>
    /// <exception cref="CpeFormatException">The text is neither.</exception>
    public static Cpe Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (t.StartsWith("cpe:2.3:", StringComparison.OrdinalIgnoreCase)) return ParseFormatted(t);
        if (t.StartsWith("cpe:/", StringComparison.OrdinalIgnoreCase)) return ParseUri(t);
        throw new CpeFormatException(text, "expected 'cpe:/' (CPE 2.2 URI) or 'cpe:2.3:' (CPE 2.3 formatted string)");
    }

    /// <summary>Like <see cref="Parse"/>, but gives false and the problem instead of throwing.</summary>
    public static bool TryParse(string? text, out Cpe? cpe, out string? problem)
    {
        cpe = null;
        problem = null;
        if (text is null)
        {
            problem = "no text";
            return false;
        }
        try
        {
            cpe = Parse(text);
            return true;
        }
        catch (CpeFormatException e)
        {
            problem = e.Problem;
            return false;
        }
    }

    /// <summary>Reads a CPE 2.2 URI such as <c>cpe:/o:microsoft:windows_server_2003::sp2</c> (NISTIR 7695 §6.1.3).</summary>
    /// <remarks>Empty and missing components are ANY; a lone <c>-</c> is NA; <c>%xx</c> escapes decode to the
    /// (escaped) character, <c>%01</c> and <c>%02</c> to the wildcards <c>?</c> and <c>*</c>; an edition starting with
    /// <c>~</c> unpacks into edition, sw_edition, target_sw, target_hw and other.</remarks>
    /// <exception cref="CpeFormatException">The URI is not valid.</exception>
    public static Cpe ParseUri(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.StartsWith("cpe:/", StringComparison.OrdinalIgnoreCase)) throw new CpeFormatException(uri, "a CPE 2.2 URI starts with 'cpe:/'");
        var parts = uri[5..].Split(':');
        if (parts.Length > 7) throw new CpeFormatException(uri, $"a CPE 2.2 URI has at most 7 components, found {parts.Length}");
        string Get(int i, string name) => i < parts.Length ? CpeText.DecodeUri(parts[i], name, uri) : Any;
        var part = Get(0, "part");
        if (part is not ("a" or "o" or "h" or Any)) throw new CpeFormatException(uri, $"the part must be a, o or h, found '{parts[0]}'");
        var cpe = new Cpe(Any, Any, Any)
        {
            Part = part, Vendor = Get(1, "vendor"), Product = Get(2, "product"), Version = Get(3, "version"),
            Update = Get(4, "update"), Language = Get(6, "language"),
        };
        var edition = parts.Length > 5 ? parts[5] : "";
        if (!edition.StartsWith('~')) return cpe with { Edition = CpeText.DecodeUri(edition, "edition", uri) };
        // NISTIR 7695 §6.1.3.3 (unpack): "~edition~sw_edition~target_sw~target_hw~other".
        var packed = edition[1..].Split('~');
        if (packed.Length != 5) throw new CpeFormatException(uri, $"a packed edition has 5 fields '~ed~sw_ed~target_sw~target_hw~other', found {packed.Length}");
        return cpe with
        {
            Edition = CpeText.DecodeUri(packed[0], "edition", uri), SwEdition = CpeText.DecodeUri(packed[1], "sw_edition", uri),
            TargetSw = CpeText.DecodeUri(packed[2], "target_sw", uri), TargetHw = CpeText.DecodeUri(packed[3], "target_hw", uri),
            Other = CpeText.DecodeUri(packed[4], "other", uri),
        };
    }

    /// <summary>Reads a CPE 2.3 formatted string: <c>cpe:2.3:</c> and eleven colon-separated attributes, with
    /// <c>\</c> escaping literal special characters (NISTIR 7695 §6.2.3).</summary>
    /// <exception cref="CpeFormatException">The string is not valid.</exception>
    public static Cpe ParseFormatted(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith("cpe:2.3:", StringComparison.OrdinalIgnoreCase)) throw new CpeFormatException(text, "a CPE 2.3 formatted string starts with 'cpe:2.3:'");
        var fields = CpeText.SplitFormatted(text, 8);
        if (fields.Count != 11) throw new CpeFormatException(text, $"a CPE 2.3 formatted string has 11 attributes after 'cpe:2.3:', found {fields.Count}");
        var v = new string[11];
        for (var i = 0; i < 11; i++) v[i] = CpeText.Normalize(fields[i], CpeText.Names[i], text);
        if (v[0] is not ("a" or "o" or "h" or Any)) throw new CpeFormatException(text, $"the part must be a, o, h or *, found '{fields[0]}'");
        return new Cpe(Any, Any, Any)
        {
            Part = v[0], Vendor = v[1], Product = v[2], Version = v[3], Update = v[4], Edition = v[5],
            Language = v[6], SwEdition = v[7], TargetSw = v[8], TargetHw = v[9], Other = v[10],
        };
    }

    /// <summary>Whether this name, read as match criteria (NVD's <c>criteria</c>), matches <paramref name="target"/>:
    /// every attribute of the criteria is ANY, or NA and the target's is NA, or a literal (with optional wildcards
    /// <c>*</c> = any characters, <c>?</c> = one character) equal to the target's literal value, ignoring case.</summary>
    /// <remarks>This is the "superset or equal" relation of the CPE Name Matching specification (NISTIR 7696 §6.1): a
    /// target whose value is ANY does not match a criteria literal, since the target might be another version.</remarks>
    public bool Matches(Cpe target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var a = Attributes;
        var b = target.Attributes;
        for (var i = 0; i < a.Count; i++)
            if (CpeText.Compare(a[i], b[i]) != CpeText.Relation.Match) return false;
        return true;
    }

    /// <summary>The CPE 2.3 formatted string, such as <c>cpe:2.3:a:openbsd:openssh:8.2p1:*:*:*:*:*:*:*</c>.</summary>
    public override string ToString() => "cpe:2.3:" + string.Join(':', Attributes);

    /// <summary>The CPE 2.2 URI binding (NISTIR 7695 §6.1.2), packing the extended attributes into the edition when
    /// any of them is set; trailing ANY components are left out.</summary>
    public string ToUri()
    {
        var sb = new StringBuilder("cpe:/");
        string edition = SwEdition == Any && TargetSw == Any && TargetHw == Any && Other == Any
            ? CpeText.EncodeUri(Edition)
            : "~" + string.Join('~', new[] { Edition, SwEdition, TargetSw, TargetHw, Other }.Select(CpeText.EncodeUri));
        var parts = new[] { CpeText.EncodeUri(Part), CpeText.EncodeUri(Vendor), CpeText.EncodeUri(Product), CpeText.EncodeUri(Version),
            CpeText.EncodeUri(Update), edition, CpeText.EncodeUri(Language) };
        var last = parts.Length - 1;
        while (last > 0 && parts[last].Length == 0) last--;
        sb.Append(string.Join(':', parts.Take(last + 1)));
        return sb.ToString();
    }
}
