namespace TwinLab.Fuzz.Tests.Harness;

/// <summary>Tokens the mutator inserts, per input format: the format's syntax plus values that break naive readers.</summary>
internal static class Tokens
{
    /// <summary>Values that break number and string handling in any format.</summary>
    public static readonly string[] Values =
    [
        "NaN", "-NaN", "Infinity", "-Infinity", "inf", "1e309", "-1e309", "1e-400", "4.9e-324", "-0", "0x1F", "00012", "1_000",
        "99999999999999999999999999999", "9223372036854775808", "-9223372036854775809", "2147483648", "-2147483649",
        "18446744073709551616", "1.7976931348623157E+309", "null", "true", "false", "", " ", "\0", "\uFEFF", "\uD800", "\uDFFF",
        "\uFFFF", "\u202E", "😀", "é", "ǅ", "%s%n%x", "${jndi:ldap://127.0.0.1/a}", "../../etc/passwd", "C:\\con\\nul",
        "=cmd|' /C calc'!A0", "9999-12-31T23:59:59Z", "0000-00-00", "2024-02-30", "24:61:61", "P99999999Y", "-P1D",
    ];

    /// <summary>JSON syntax and edge values.</summary>
    public static readonly string[] Json =
    [
        .. Values, "{", "}", "[", "]", ":", ",", "\"", "\"\":", "\"a\":1,\"a\":2,", "{\"a\":1,\"a\":2}", "\"\\u0000\"", "\"\\ud800\"",
        "\"\\uDC00\\uD800\"", "\\", "\\u", "/*", "*/", "//", "[[[[[[[[[[", "]]]]]]]]]]", "{\"@id\":", "\"@type\":", "\"@context\":",
        "\"dtmi:a:b;1\"", "\"dtmi:\"", "\"resourceType\":", "\"$dtId\":", "\"$metadata\":{}", "[]", "{}", "1.5", "-1", "0",
    ];

    /// <summary>XML syntax, entities and DTD fragments.</summary>
    public static readonly string[] Xml =
    [
        .. Values, "<", ">", "</", "/>", "=", "\"", "'", "&", "&amp;", "&lt;", "&#0;", "&#x0;", "&#xD800;", "&#1114112;", "&e;",
        "&xxe;", "<![CDATA[", "]]>", "<!--", "-->", "<?xml version=\"1.0\"?>", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
        "<!DOCTYPE x [<!ENTITY e \"eeeeeeeeee\">]>", "<!DOCTYPE x SYSTEM \"file:///etc/passwd\">", "xmlns:x=\"\"", "<host>",
        "</host>", "<port protocol=\"tcp\" portid=\"", "portid=\"99999\"", "portid=\"-1\"", "addr=\"999.1.1.1\"",
        "addrtype=\"ipv6\"", "state=\"open\"", "<address addr=\"", "<hostname name=\"",
    ];

    /// <summary>YAML syntax: anchors, aliases, tags, block and flow styles.</summary>
    public static readonly string[] Yaml =
    [
        .. Values, ": ", "- ", "-", "&a ", "*a", "*undefined", "<<: *a", "!!binary ", "!!python/object:os.system ", "!<tag:x> ",
        "!!int ", "!!float ", "!!str ", "!!map ", "!!seq ", "? ", "|", "|-", ">", "---\n", "...\n", "{", "}", "[", "]", ",",
        "'", "''", "\"", "#", "%YAML 1.2\n", "%TAG ! tag:x:\n", "~", ".nan", ".inf", "-.inf", "0o17", "0b101", "yes", "no",
        "on", "off", "  ", "\t", "\n  ", "\n- ", "\n    ",
    ];

    /// <summary>CSV syntax: separators, quotes, line breaks.</summary>
    public static readonly string[] Csv =
    [
        .. Values, ",", ";", "|", "\t", "\"", "\"\"", "\",\"", "\r\n", "\n", "\r", ",,,,,,,,,,", "\"a\nb\"", "\"unclosed",
        "a\"b", "sep=;\n", "#", " , ",
    ];
}
