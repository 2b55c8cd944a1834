using System.Text.Json.Nodes;
using TwinLab.Core.Errors;
using TwinLab.Server.Events;
using TwinLab.Server.Routing;

namespace TwinLab.Server.Tests;

public sealed class RouteFilterTests
{
    private static readonly DateTimeOffset At = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private static TwinLabEvent Create(string subject = "room1") => new("42", TwinLabEventTypes.TwinCreate, "twinlab.local", subject, At,
        JsonNode.Parse("""{"$dtId":"room1","$metadata":{"$model":"dtmi:example:com:floor;1"},"temperature":4.5,"errorCode":250,"poweredOn":true,"prop":null,"odd name":"x","tags":["a"],"inner":{"level":3}}"""))
    {
        Branch = "main",
        Sequence = 42,
        TwinId = subject,
    };

    private static TwinLabEvent Update() => new("43", TwinLabEventTypes.TwinUpdate, "twinlab.local", "room1", At,
        JsonNode.Parse("""{"modelId":"dtmi:example:com:floor;1","patch":[{"op":"replace","path":"/temperature","value":21}]}"""))
    {
        DataSchema = "dtmi:example:com:floor;1",
        Branch = "what-if",
        Sequence = 43,
    };

    private static bool M(string filter, TwinLabEvent? e = null) => RouteFilter.Parse(filter).Matches(e ?? Create());

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    [InlineData("TRUE", true)]
    [InlineData("type = 'Microsoft.DigitalTwins.Twin.Create'", true)]
    [InlineData("type = \"Microsoft.DigitalTwins.Twin.Create\"", true)]
    [InlineData("type = 'Microsoft.DigitalTwins.Twin.Delete'", false)]
    [InlineData("type != 'Microsoft.DigitalTwins.Twin.Delete'", true)]
    [InlineData("type = 'microsoft.digitaltwins.twin.create'", false)] // values are case-sensitive, as in ADT
    [InlineData("Type = 'Microsoft.DigitalTwins.Twin.Create' and SOURCE = 'twinlab.local'", true)]
    [InlineData("subject = 'room1'", true)]
    [InlineData("id = '42'", true)]
    [InlineData("specversion = '1.0'", true)]
    [InlineData("datacontenttype = 'application/json'", true)]
    [InlineData("branch = 'main'", true)]
    [InlineData("sequence >= 42 AND sequence < 43", true)]
    [InlineData("sequence > 42", false)]
    public void Matches_Attributes(string filter, bool expected) => Assert.Equal(expected, M(filter));

    [Theory]
    [InlineData("STARTS_WITH($body.$metadata.$model, 'dtmi:example:com:floor')", true)]
    [InlineData("ENDS_WITH($body.$metadata.$model, 'floor;1')", true)]
    [InlineData("ENDS_WITH($body.$metadata.$model, 'floor;2')", false)]
    [InlineData("CONTAINS(subject, 'oom')", true)]
    [InlineData("contains(subject, 'ROOM')", false)]
    [InlineData("$body.temperature <= 5.5", true)]
    [InlineData("$body.temperature > 5.5", false)]
    [InlineData("$body.errorCode > 200", true)]
    [InlineData("$body.errorCode = 250.0", true)]
    [InlineData("$body.temperature > -1e1", true)]
    [InlineData("$body.poweredOn = true", true)]
    [InlineData("$body.poweredOn", true)]
    [InlineData("NOT $body.poweredOn", false)]
    [InlineData("$body.prop = null", true)]
    [InlineData("$body.prop != null", false)]
    [InlineData("$body.temperature != null", true)]
    [InlineData("$body.inner.level = 3", true)]
    [InlineData("$body['odd name'] = 'x'", true)]
    [InlineData("$body[\"inner\"].level = 3", true)]
    [InlineData("IS_DEFINED($body.temperature)", true)]
    [InlineData("IS_DEFINED($body.prop)", true)]
    [InlineData("IS_DEFINED($body.missing)", false)]
    [InlineData("NOT IS_DEFINED($body.missing)", true)]
    [InlineData("IS_DEFINED(dataschema)", false)]
    public void Matches_BodyAndFunctions(string filter, bool expected) => Assert.Equal(expected, M(filter));

    [Theory]
    [InlineData("$body.missing = 1")]
    [InlineData("$body.missing != 1")]
    [InlineData("$body.missing = null")]
    [InlineData("dataschema = 'dtmi:x;1'")]
    [InlineData("dataschema != 'dtmi:x;1'")]
    [InlineData("$body.tags = 'a'")] // arrays are not compared (ADT does not filter inside arrays)
    [InlineData("$body.inner = 3")]
    [InlineData("$body.temperature < 'z'")] // different types never order
    [InlineData("$body.poweredOn > false")]
    [InlineData("STARTS_WITH($body.temperature, '4')")]
    public void Matches_UndefinedOrMismatched_False(string filter) => Assert.False(M(filter));

    [Fact]
    public void Matches_DifferentTypesAreUnequal() => Assert.True(M("$body.temperature != '4.5'"));

    [Theory]
    [InlineData("type = 'x' OR type = 'Microsoft.DigitalTwins.Twin.Create' AND subject = 'nope'", false)] // AND binds tighter
    [InlineData("(type = 'x' OR type = 'Microsoft.DigitalTwins.Twin.Create') AND subject = 'room1'", true)]
    [InlineData("NOT type = 'x' AND NOT (subject = 'nope')", true)]
    [InlineData("NOT NOT true", true)]
    [InlineData("((((true))))", true)]
    [InlineData("(type != 'microsoft.iot.telemetry' OR datacontenttype = 'application/json') OR (specversion != '1.0')", true)]
    public void Matches_LogicAndPrecedence(string filter, bool expected) => Assert.Equal(expected, M(filter));

    [Theory]
    [InlineData("time = '2024-05-01T12:00:00Z'", true)]
    [InlineData("time > '2024-05-01'", true)]
    [InlineData("time < '2024-05-01T14:00:00+02:00'", false)] // same instant, not earlier
    [InlineData("'2024-06-01' > time", true)]
    [InlineData("time >= '2024-05-01T12:00:00.0000001Z'", false)]
    public void Matches_TimeComparesInstants(string filter, bool expected) => Assert.Equal(expected, M(filter));

    [Theory]
    [InlineData("$body.modelId = 'dtmi:example:com:floor;1' AND dataschema = 'dtmi:example:com:floor;1'", true)]
    [InlineData("branch = 'what-if'", true)]
    [InlineData("type = 'Microsoft.DigitalTwins.Twin.Update' AND IS_DEFINED($body.patch)", true)]
    public void Matches_TwinUpdate(string filter, bool expected) => Assert.Equal(expected, M(filter, Update()));

    [Fact]
    public void Matches_StringEscapes()
    {
        var e = Create("it's \"room\"");
        Assert.True(M("subject = 'it''s \"room\"'", e));
        Assert.True(M("subject = \"it's \\\"room\\\"\"", e));
        Assert.True(M(@"subject = 'it\'s ""room""'", e));
    }

    [Fact]
    public void Matches_EventWithoutData_BodyUndefined()
    {
        var e = new TwinLabEvent("1", TwinLabEventTypes.TwinDelete, "s", "t", At, null);
        Assert.False(M("$body.x = 1", e));
        Assert.False(M("IS_DEFINED($body.x)", e));
        Assert.True(M("type = 'Microsoft.DigitalTwins.Twin.Delete'", e));
    }

    [Fact]
    public void AsPredicate_SameAnswerAsMatches()
    {
        var filter = RouteFilter.Parse("subject = 'room1'");
        Assert.True(filter.AsPredicate()(Create()));
        Assert.False(filter.AsPredicate()(Create("room2")));
        Assert.Equal("subject = 'room1'", filter.Text);
        Assert.True(RouteFilter.All.Matches(Create()));
    }

    [Theory]
    [InlineData("", "the filter is empty at position 1")]
    [InlineData("   ", "the filter is empty at position 1")]
    [InlineData("type =", "unexpected end of filter; expected a value or condition at position 7")]
    [InlineData("type = 'x' OR", "unexpected end of filter; expected a value or condition at position 14")]
    [InlineData("type = 'x", "unterminated string at position 8")]
    [InlineData("colour = 'red'", "unknown attribute 'colour'")]
    [InlineData("LENGTH(subject) > 2", "unknown function 'LENGTH'")]
    [InlineData("type == 'x'", "unexpected '='; expected a value or condition at position 7")]
    [InlineData("(type = 'x'", "expected ')' to close the '(' at position 1, not end of filter at position 12")]
    [InlineData("type = 'x')", "unexpected ')' at position 11")]
    [InlineData("'abc'", "expected a condition, not the literal 'abc' at position 1")]
    [InlineData("type = 'a' OR 'b'", "expected a condition, not the literal 'b' at position 15")]
    [InlineData("type", "expected a condition, not the attribute 'type' at position 1")]
    [InlineData("STARTS_WITH(subject)", "STARTS_WITH takes 2 arguments, not 1 at position 1")]
    [InlineData("IS_DEFINED('x')", "IS_DEFINED takes an attribute or a $body path at position 12")]
    [InlineData("type = 'x' = 'y'", "comparisons cannot be chained")]
    [InlineData("$foo = 1", "'$' may only start $body at position 1")]
    [InlineData("$body. = 1", "expected a property name after '.' at position 7")]
    [InlineData("!type", "'!' must be followed by '='")]
    [InlineData("true false", "unexpected 'false' at position 6")]
    [InlineData("type = 'x' AND AND true", "unexpected 'AND'")]
    [InlineData("$body.x = 12abc", "malformed number")]
    [InlineData("subject = 'a\\q'", "unknown escape")]
    [InlineData("type ~ 'x'", "unexpected character '~' at position 6")]
    public void Parse_BadFilter_InvalidArgumentWithPosition(string filter, string message)
    {
        var e = Assert.Throws<TwinLabException>(() => RouteFilter.Parse(filter));
        Assert.Equal(ErrorCodes.InvalidArgument, e.Code);
        Assert.StartsWith("filter: ", e.Message);
        Assert.Contains(message, e.Message);
        Assert.False(RouteFilter.TryParse(filter, out var f, out var error));
        Assert.Null(f);
        Assert.Equal(e.Message, error);
    }

    [Fact]
    public void Parse_DeepNesting_Refused()
    {
        var deep = new string('(', 200) + "true" + new string(')', 200);
        var e = Assert.Throws<TwinLabException>(() => RouteFilter.Parse(deep));
        Assert.Contains("nested more than", e.Message);
        var ok = new string('(', 30) + "true" + new string(')', 30);
        Assert.True(M(ok));
    }

    [Fact]
    public void Matches_ManyEvents_NoReparse()
    {
        var filter = RouteFilter.Parse("type = 'Microsoft.DigitalTwins.Twin.Create' AND $body.temperature < 10 AND STARTS_WITH(subject, 'room')");
        var e = Create();
        var matched = 0;
        for (var i = 0; i < 100_000; i++) if (filter.Matches(e)) matched++;
        Assert.Equal(100_000, matched);
    }
}
