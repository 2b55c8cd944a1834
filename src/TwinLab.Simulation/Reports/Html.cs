using System.Text;

namespace TwinLab.Simulation.Reports;

/// <summary>HTML escaping. Every name and value in a report comes from scenario files and simulators, so all of it is escaped.</summary>
public static class Html
{
    /// <summary>The text with &amp;, &lt;, &gt;, " and ' escaped; safe in element content and quoted attributes.</summary>
    public static string Encode(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }
}
