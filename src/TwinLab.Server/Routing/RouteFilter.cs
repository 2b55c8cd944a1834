using TwinLab.Core.Errors;
using TwinLab.Server.Events;

namespace TwinLab.Server.Routing;

/// <summary>
/// A compiled Azure Digital Twins event route filter: which events an event route (or an <c>/events?filter=</c> stream)
/// lets through.
/// </summary>
/// <remarks>
/// <para>The language is ADT's: <c>true</c>, <c>false</c>; comparisons <c>= != &lt; &gt; &lt;= &gt;=</c> between the
/// CloudEvents attributes <c>type</c>, <c>source</c>, <c>subject</c>, <c>id</c>, <c>specversion</c>, <c>dataschema</c>,
/// <c>datacontenttype</c>, <c>time</c>, paths into the event's data (<c>$body.temperature</c>,
/// <c>$body.$metadata.$model</c>, <c>$body['odd name']</c>), TwinLab's extension attributes <c>branch</c> and
/// <c>sequence</c>, and string ('x' or "x"), number, <c>true</c>/<c>false</c> and <c>null</c> literals; <c>AND</c>,
/// <c>OR</c>, <c>NOT</c> and parentheses; and the functions <c>STARTS_WITH(x, y)</c>, <c>ENDS_WITH(x, y)</c>,
/// <c>CONTAINS(x, y)</c> and <c>IS_DEFINED(x)</c>. Keywords, attribute and function names are case-insensitive; string
/// comparisons and <c>$body</c> property names are case-sensitive, as in ADT.</para>
/// <para>Semantics: a comparison involving a missing attribute or path is false (for <c>!=</c> too); values of different
/// types are unequal; <c>&lt;</c>-style comparisons apply to two numbers or two strings (ordinal); <c>time</c> compared
/// with a string that is a date and time compares as instants. An event passes only if the whole filter is <c>true</c>.</para>
/// <para>A filter is parsed once; <see cref="Matches"/> runs the compiled delegates without allocating for attribute
/// comparisons. It is immutable and may be shared between threads (reading an event's <c>Data</c> follows
/// <see cref="System.Text.Json.Nodes.JsonNode"/>'s own rules).</para>
/// </remarks>
public sealed class RouteFilter
{
    private readonly Func<TwinLabEvent, bool> _predicate;

    private RouteFilter(string text, Func<TwinLabEvent, bool> predicate)
    {
        Text = text;
        _predicate = predicate;
    }

    /// <summary>The filter that lets every event through (<c>true</c>).</summary>
    public static RouteFilter All { get; } = new("true", _ => true);

    /// <summary>The filter as written.</summary>
    public string Text { get; }

    /// <summary>Parses and compiles a filter.</summary>
    /// <param name="text">The filter expression.</param>
    /// <exception cref="TwinLabException"><see cref="ErrorCodes.InvalidArgument"/> with a message
    /// <c>filter: … at position N</c> (N counts characters from 1) when the text is not a valid filter.</exception>
    public static RouteFilter Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new RouteFilter(text, RouteFilterParser.Compile(text));
    }

    /// <summary>Parses a filter, or returns <c>false</c> with the reason.</summary>
    public static bool TryParse(string text, out RouteFilter? filter, out string? error)
    {
        try
        {
            filter = Parse(text);
            error = null;
            return true;
        }
        catch (TwinLabException e)
        {
            filter = null;
            error = e.Message;
            return false;
        }
    }

    /// <summary>Whether <paramref name="e"/> passes the filter.</summary>
    public bool Matches(TwinLabEvent e) => _predicate(e);

    /// <summary>The filter as a predicate, e.g. for <see cref="EventHub.Subscribe"/>.</summary>
    public Func<TwinLabEvent, bool> AsPredicate() => _predicate;

    /// <inheritdoc />
    public override string ToString() => Text;
}
