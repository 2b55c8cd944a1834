using System.Text;

namespace TwinLab.Core.Models;

/// <summary>A location in a DTDL document, shown as a JSON path such as <c>$[2].contents[5].schema</c>.</summary>
/// <remarks>A parent-linked chain, so the text is only built when an error is reported.</remarks>
internal sealed class DtdlPath
{
    /// <summary>The document root, <c>$</c>.</summary>
    public static readonly DtdlPath Root = new(null, null, -1);

    private readonly DtdlPath? _parent;
    private readonly string? _member;
    private readonly int _index;

    private DtdlPath(DtdlPath? parent, string? member, int index) => (_parent, _member, _index) = (parent, member, index);

    /// <summary>The path of a member of the object at this path.</summary>
    public DtdlPath Member(string name) => new(this, name, -1);

    /// <summary>The path of an item of the array at this path.</summary>
    public DtdlPath Index(int index) => new(this, null, index);

    /// <inheritdoc />
    public override string ToString()
    {
        var sb = new StringBuilder();
        Append(sb);
        return sb.ToString();
    }

    private void Append(StringBuilder sb)
    {
        if (_parent is null) { sb.Append('$'); return; }
        _parent.Append(sb);
        if (_member is null) sb.Append('[').Append(_index).Append(']');
        else if (IsPlain(_member)) sb.Append('.').Append(_member);
        else sb.Append("['").Append(_member.Replace("'", "\\'")).Append("']");
    }

    private static bool IsPlain(string member)
    {
        if (member.Length == 0 || !(char.IsAsciiLetter(member[0]) || member[0] == '_')) return false;
        foreach (var c in member)
            if (!char.IsAsciiLetterOrDigit(c) && c != '_') return false;
        return true;
    }
}
