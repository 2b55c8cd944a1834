using System.Globalization;
using System.Text;
using TwinLab.Core.Twins;
using TwinLab.Server.Events;

namespace TwinLab.Server.Routing.Delivery;

/// <summary>
/// The <c>ce-*</c> HTTP headers of a CloudEvent (CloudEvents 1.0 HTTP protocol binding, §3.1.3): attribute values
/// percent-encoded where the binding requires it (space, double quote, percent, anything outside printable ASCII).
/// </summary>
internal static class CloudEventHeaders
{
    /// <summary>Every attribute of <paramref name="e"/> except <c>data</c> and <c>datacontenttype</c> (binary mode).</summary>
    public static IEnumerable<(string Name, string Value)> All(TwinLabEvent e)
    {
        foreach (var h in Identity(e)) yield return h;
        if (e.Subject.Length > 0) yield return ("ce-subject", Encode(e.Subject));
        yield return ("ce-time", TwinJson.Format(e.Time));
        if (e.DataSchema is not null) yield return ("ce-dataschema", Encode(e.DataSchema));
        if (e.Branch is not null) yield return ("ce-branch", Encode(e.Branch));
        if (e.Sequence is { } seq) yield return ("ce-sequence", seq.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>The attributes a receiver needs to recognise and de-duplicate an event without parsing it: specversion, id,
    /// type, source (sent in structured mode too, which the binding allows).</summary>
    public static IEnumerable<(string Name, string Value)> Identity(TwinLabEvent e)
    {
        yield return ("ce-specversion", "1.0");
        yield return ("ce-id", Encode(e.Id));
        yield return ("ce-type", Encode(e.Type));
        yield return ("ce-source", Encode(e.Source));
    }

    /// <summary>A header value as the binding encodes it.</summary>
    public static string Encode(string value)
    {
        var plain = true;
        foreach (var c in value)
            if (c is < '!' or > '~' or '"' or '%') { plain = false; break; }
        if (plain) return value;
        var text = new StringBuilder(value.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            if (b is < (byte)'!' or > (byte)'~' or (byte)'"' or (byte)'%') text.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            else text.Append((char)b);
        }
        return text.ToString();
    }
}
