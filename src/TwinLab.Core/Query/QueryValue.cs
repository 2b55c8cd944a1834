using System.Text.Json;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Query;

/// <summary>The kind of a value met while evaluating a query.</summary>
internal enum QKind : byte
{
    /// <summary>Nothing there (missing property, wrong path): every comparison with it is false.</summary>
    Undefined,
    Null,
    Bool,
    Number,
    String,
    /// <summary>A JSON object inside a property (Object or Map schema).</summary>
    Object,
    /// <summary>A JSON array inside a property.</summary>
    Array,
    /// <summary>A whole twin (an alias on its own).</summary>
    Twin,
    /// <summary>A component of a twin.</summary>
    Component,
    /// <summary>A whole relationship.</summary>
    Relationship,
    /// <summary><c>T.$metadata</c>.</summary>
    TwinMetadata,
    /// <summary><c>T.component.$metadata</c>.</summary>
    ComponentMetadata,
    /// <summary><c>T.$metadata.property</c>: holds <c>lastUpdateTime</c>.</summary>
    PropertyMetadata,
}

/// <summary>
/// A value during evaluation: a small struct that refers to twin data in place (a <see cref="JsonElement"/>, a twin,
/// a component) so that evaluating a predicate allocates nothing.
/// </summary>
internal readonly struct QValue
{
    private readonly double _number;
    private readonly object? _ref;
    private readonly JsonElement _element;

    private QValue(QKind kind, double number, object? reference, JsonElement element)
    {
        Kind = kind;
        _number = number;
        _ref = reference;
        _element = element;
    }

    /// <summary>The kind.</summary>
    public QKind Kind { get; }

    /// <summary>The undefined value.</summary>
    public static QValue Undefined => default;

    /// <summary>JSON null.</summary>
    public static QValue Null => new(QKind.Null, 0, null, default);

    /// <summary>A boolean.</summary>
    public static QValue FromBool(bool b) => new(QKind.Bool, b ? 1 : 0, null, default);

    /// <summary>A number.</summary>
    public static QValue FromNumber(double d) => new(QKind.Number, d, null, default);

    /// <summary>A string.</summary>
    public static QValue FromString(string s) => new(QKind.String, 0, s, default);

    /// <summary>A twin.</summary>
    public static QValue FromTwin(Twin t) => new(QKind.Twin, 0, t, default);

    /// <summary>A relationship.</summary>
    public static QValue FromRelationship(Relationship r) => new(QKind.Relationship, 0, r, default);

    /// <summary>A value that refers to another object (component, metadata).</summary>
    public static QValue FromReference(QKind kind, object o) => new(kind, 0, o, default);

    /// <summary>A JSON value; numbers are read once here.</summary>
    public static QValue FromElement(JsonElement e) => e.ValueKind switch
    {
        // Out-of-range numbers (1e400) read as NaN: a number that compares false with everything.
        JsonValueKind.Number => new(QKind.Number, e.TryGetDouble(out var d) ? d : double.NaN, null, e),
        JsonValueKind.String => new(QKind.String, 0, null, e),
        JsonValueKind.True => new(QKind.Bool, 1, null, default),
        JsonValueKind.False => new(QKind.Bool, 0, null, default),
        JsonValueKind.Null => Null,
        JsonValueKind.Object => new(QKind.Object, 0, null, e),
        JsonValueKind.Array => new(QKind.Array, 0, null, e),
        _ => Undefined,
    };

    /// <summary>Whether the value is defined.</summary>
    public bool IsDefined => Kind != QKind.Undefined;

    /// <summary>Whether the value is an object of any sort (JSON object, twin, component, relationship, metadata).</summary>
    public bool IsObject => Kind is QKind.Object or QKind.Twin or QKind.Component or QKind.Relationship
        or QKind.TwinMetadata or QKind.ComponentMetadata or QKind.PropertyMetadata;

    /// <summary>Whether the value is null, a boolean, a number or a string.</summary>
    public bool IsPrimitive => Kind is QKind.Null or QKind.Bool or QKind.Number or QKind.String;

    /// <summary>The boolean (valid when <see cref="Kind"/> is <see cref="QKind.Bool"/>).</summary>
    public bool Bool => _number != 0;

    /// <summary>The number (valid when <see cref="Kind"/> is <see cref="QKind.Number"/>).</summary>
    public double Number => _number;

    /// <summary>The JSON element the value was read from, if any.</summary>
    public JsonElement Element => _element;

    /// <summary>Whether the value was read from a JSON element (so it can be output as is).</summary>
    public bool HasElement => _element.ValueKind != JsonValueKind.Undefined;

    /// <summary>The referenced object (twin, component, relationship, property, string).</summary>
    public object? Reference => _ref;

    /// <summary>The string (valid when <see cref="Kind"/> is <see cref="QKind.String"/>).</summary>
    public string GetString() => _ref as string ?? _element.GetString()!;

    /// <summary>The twin (valid when <see cref="Kind"/> is <see cref="QKind.Twin"/>).</summary>
    public Twin Twin => (Twin)_ref!;

    /// <summary>Ordinal string equality without allocating when one side is a JSON element.</summary>
    private static bool StringEquals(in QValue a, in QValue b)
    {
        if (a._ref is string sa)
            return b._ref is string sb ? string.Equals(sa, sb, StringComparison.Ordinal) : b._element.ValueEquals(sa);
        if (b._ref is string sb2) return a._element.ValueEquals(sb2);
        return string.Equals(a._element.GetString(), b._element.GetString(), StringComparison.Ordinal);
    }

    /// <summary>Equality as the query language defines it: same kind and same value; undefined equals nothing.</summary>
    public static bool AreEqual(in QValue a, in QValue b)
    {
        if (a.Kind != b.Kind) return false;
        return a.Kind switch
        {
            QKind.Null => true,
            QKind.Bool or QKind.Number => a._number == b._number,
            QKind.String => StringEquals(a, b),
            QKind.Object or QKind.Array => JsonElement.DeepEquals(a._element, b._element),
            QKind.Twin => string.Equals(((Twin)a._ref!).Id, ((Twin)b._ref!).Id, StringComparison.Ordinal),
            QKind.Relationship => ((Relationship)a._ref!).Id == ((Relationship)b._ref!).Id
                && ((Relationship)a._ref!).SourceId == ((Relationship)b._ref!).SourceId,
            QKind.Undefined => false,
            _ => ReferenceEquals(a._ref, b._ref),
        };
    }

    /// <summary>
    /// Compares two values. Values of different kinds, and undefined values, compare false under every operator
    /// (including <c>!=</c>); numbers compare numerically, strings ordinally; other kinds support only <c>=</c> and <c>!=</c>.
    /// </summary>
    public static bool Compare(in QValue a, CompareOp op, in QValue b)
    {
        switch (op)
        {
            case CompareOp.Equal:
                return AreEqual(a, b);
            case CompareOp.NotEqual:
                return a.Kind == b.Kind && a.Kind != QKind.Undefined && !AreEqual(a, b);
        }
        int c;
        if (a.Kind == QKind.Number && b.Kind == QKind.Number)
        {
            if (double.IsNaN(a._number) || double.IsNaN(b._number)) return false;
            c = a._number.CompareTo(b._number);
        }
        else if (a.Kind == QKind.String && b.Kind == QKind.String)
        {
            c = string.CompareOrdinal(a.GetString(), b.GetString());
        }
        else return false;
        return op switch
        {
            CompareOp.Less => c < 0,
            CompareOp.LessOrEqual => c <= 0,
            CompareOp.Greater => c > 0,
            _ => c >= 0,
        };
    }
}
