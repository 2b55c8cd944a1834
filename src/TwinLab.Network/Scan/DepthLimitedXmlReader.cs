using System.Xml;

namespace TwinLab.Network.Scan;

/// <summary>
/// An <see cref="XmlReader"/> that refuses elements nested more than <see cref="MaxDepth"/> levels deep, as it reads.
/// Found by fuzzing: a host holding 16,000 nested elements took seconds to load into LINQ to XML (building a deep
/// tree is quadratic there) and 20,000 overflowed the stack in <c>XElement.Value</c>, killing the process. nmap nests
/// a few levels (script output tables included), so 64 is generous.
/// </summary>
/// <param name="inner">The reader to limit; disposed with this one.</param>
internal sealed class DepthLimitedXmlReader(XmlReader inner) : XmlReader, IXmlLineInfo
{
    /// <summary>The deepest element accepted (the root is depth 0).</summary>
    public const int MaxDepth = 64;

    /// <inheritdoc/>
    /// <exception cref="XmlException">An element deeper than <see cref="MaxDepth"/>, with its line and position.</exception>
    public override bool Read()
    {
        if (!inner.Read()) return false;
        if (inner.NodeType == XmlNodeType.Element && inner.Depth > MaxDepth)
        {
            var at = inner as IXmlLineInfo;
            throw new XmlException($"elements are nested more than {MaxDepth} levels deep (<{inner.LocalName}>)", null, at?.LineNumber ?? 0, at?.LinePosition ?? 0);
        }
        return true;
    }

    public override int AttributeCount => inner.AttributeCount;
    public override string BaseURI => inner.BaseURI;
    public override int Depth => inner.Depth;
    public override bool EOF => inner.EOF;
    public override bool IsEmptyElement => inner.IsEmptyElement;
    public override string LocalName => inner.LocalName;
    public override string NamespaceURI => inner.NamespaceURI;
    public override XmlNameTable NameTable => inner.NameTable;
    public override XmlNodeType NodeType => inner.NodeType;
    public override string Prefix => inner.Prefix;
    public override ReadState ReadState => inner.ReadState;
    public override string Value => inner.Value;
    public override string GetAttribute(int i) => inner.GetAttribute(i);
    public override string? GetAttribute(string name) => inner.GetAttribute(name);
    public override string? GetAttribute(string name, string? namespaceURI) => inner.GetAttribute(name, namespaceURI);
    public override string? LookupNamespace(string prefix) => inner.LookupNamespace(prefix);
    public override bool MoveToAttribute(string name) => inner.MoveToAttribute(name);
    public override bool MoveToAttribute(string name, string? ns) => inner.MoveToAttribute(name, ns);
    public override bool MoveToElement() => inner.MoveToElement();
    public override bool MoveToFirstAttribute() => inner.MoveToFirstAttribute();
    public override bool MoveToNextAttribute() => inner.MoveToNextAttribute();
    public override bool ReadAttributeValue() => inner.ReadAttributeValue();
    public override void ResolveEntity() => inner.ResolveEntity();

    /// <inheritdoc/>
    public bool HasLineInfo() => inner is IXmlLineInfo { } info && info.HasLineInfo();

    /// <inheritdoc/>
    public int LineNumber => (inner as IXmlLineInfo)?.LineNumber ?? 0;

    /// <inheritdoc/>
    public int LinePosition => (inner as IXmlLineInfo)?.LinePosition ?? 0;

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
