using TwinLab.Core.Twins;

namespace TwinLab.Core.Query;

/// <summary>
/// Follows one path segment from a value, in the Azure Digital Twins twin shape: <c>$dtId</c>, <c>$etag</c>,
/// <c>$metadata.$model</c>, <c>$metadata.$lastUpdateTime</c>, <c>$metadata.prop.lastUpdateTime</c>, properties,
/// components and their properties, fields and map entries inside properties; on relationships
/// <c>$relationshipId</c>, <c>$relationshipName</c>, <c>$sourceId</c>, <c>$targetId</c>, <c>$etag</c> and properties.
/// </summary>
internal static class PathNavigator
{
    /// <summary>The value at <paramref name="segment"/> inside <paramref name="v"/>, or undefined.</summary>
    public static QValue Step(in QValue v, string segment)
    {
        switch (v.Kind)
        {
            case QKind.Twin:
            {
                var t = (Twin)v.Reference!;
                switch (segment)
                {
                    case "$dtId": return QValue.FromString(t.Id);
                    case "$etag": return QValue.FromString(t.ETag);
                    case "$metadata": return QValue.FromReference(QKind.TwinMetadata, t);
                }
                if (t.Properties.TryGetValue(segment, out var p)) return QValue.FromElement(p.Value);
                return t.Components.TryGetValue(segment, out var c) ? QValue.FromReference(QKind.Component, c) : QValue.Undefined;
            }
            case QKind.Component:
            {
                var c = (TwinComponent)v.Reference!;
                if (segment == "$metadata") return QValue.FromReference(QKind.ComponentMetadata, c);
                return c.Properties.TryGetValue(segment, out var p) ? QValue.FromElement(p.Value) : QValue.Undefined;
            }
            case QKind.TwinMetadata:
            {
                var t = (Twin)v.Reference!;
                switch (segment)
                {
                    case "$model": return QValue.FromString(t.ModelId);
                    case "$lastUpdateTime": return QValue.FromString(TwinJson.Format(t.LastUpdateTime));
                }
                return t.Properties.TryGetValue(segment, out var p) ? QValue.FromReference(QKind.PropertyMetadata, p) : QValue.Undefined;
            }
            case QKind.ComponentMetadata:
            {
                var c = (TwinComponent)v.Reference!;
                if (segment == "$lastUpdateTime") return QValue.FromString(TwinJson.Format(c.LastUpdateTime));
                return c.Properties.TryGetValue(segment, out var p) ? QValue.FromReference(QKind.PropertyMetadata, p) : QValue.Undefined;
            }
            case QKind.PropertyMetadata:
                return segment == "lastUpdateTime"
                    ? QValue.FromString(TwinJson.Format(((TwinProperty)v.Reference!).LastUpdateTime))
                    : QValue.Undefined;
            case QKind.Relationship:
            {
                var r = (Relationship)v.Reference!;
                switch (segment)
                {
                    case "$relationshipId": return QValue.FromString(r.Id);
                    case "$relationshipName": return QValue.FromString(r.Name);
                    case "$sourceId": return QValue.FromString(r.SourceId);
                    case "$targetId": return QValue.FromString(r.TargetId);
                    case "$etag": return QValue.FromString(r.ETag);
                }
                return r.Properties.TryGetValue(segment, out var e) ? QValue.FromElement(e) : QValue.Undefined;
            }
            case QKind.Object:
                return v.Element.TryGetProperty(segment, out var field) ? QValue.FromElement(field) : QValue.Undefined;
            default:
                return QValue.Undefined;
        }
    }
}
