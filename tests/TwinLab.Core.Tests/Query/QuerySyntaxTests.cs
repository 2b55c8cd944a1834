using TwinLab.Core.Errors;
using TwinLab.Core.Query;
using TwinLab.Core.Twins;

namespace TwinLab.Core.Tests.Query;

public sealed class QuerySyntaxTests
{
    private static QuerySyntaxException Fails(string query, int position, string expected)
    {
        var ex = Assert.Throws<QuerySyntaxException>(() => TwinQuery.Execute(QueryFixture.Graph, query));
        Assert.True(ex.Message.Contains(expected, StringComparison.Ordinal), $"Message does not contain \"{expected}\": {ex.Message}");
        Assert.True(position == ex.Position, $"Expected position {position} but got {ex.Position}: {ex.Message}");
        Assert.Contains($"position {position + 1}:", ex.Message);
        return ex;
    }

    [Theory]
    // missing FROM
    [InlineData("SELECT * DIGITALTWINS", 9, "expected FROM but found 'DIGITALTWINS'")]
    [InlineData("SELECT *", 8, "expected FROM but found end of query")]
    // not a query
    [InlineData("UPDATE DIGITALTWINS", 0, "expected SELECT but found 'UPDATE'")]
    [InlineData("", 0, "expected SELECT but found end of query")]
    // bad collection
    [InlineData("SELECT * FROM TWINS", 14, "expected DIGITALTWINS or RELATIONSHIPS but found 'TWINS'")]
    // empty projection
    [InlineData("SELECT FROM DIGITALTWINS", 7, "expected '*', COUNT() or a projection but found 'FROM'")]
    [InlineData("SELECT T.name, FROM DIGITALTWINS T", 15, "expected a projection after ',' but found 'FROM'")]
    // unknown function
    [InlineData("SELECT * FROM DIGITALTWINS WHERE FOO(name)", 33, "unknown function 'FOO'")]
    // unterminated string: the position is the opening quote
    [InlineData("SELECT * FROM DIGITALTWINS WHERE name = 'abc", 40, "unterminated string")]
    [InlineData("SELECT * FROM DIGITALTWINS WHERE name = \"abc\\\"", 40, "expected a closing \"")]
    // bad escape
    [InlineData("SELECT * FROM DIGITALTWINS WHERE name = 'a\\qb'", 42, "expected an escape")]
    // bad character
    [InlineData("SELECT * FROM DIGITALTWINS T WHERE T.name = @x", 44, "found '@'")]
    // trailing garbage
    [InlineData("SELECT * FROM DIGITALTWINS T WHERE T.name = 'x' garbage", 48, "expected AND, OR or end of query but found 'garbage'")]
    [InlineData("SELECT * FROM DIGITALTWINS T X", 29, "expected JOIN, WHERE or end of query but found 'X'")]
    [InlineData("SELECT * FROM RELATIONSHIPS R X", 30, "expected WHERE or end of query but found 'X'")]
    // TOP without a positive integer
    [InlineData("SELECT TOP() FROM DIGITALTWINS", 11, "expected a positive integer in TOP(n) but found ')'")]
    [InlineData("SELECT TOP(0) FROM DIGITALTWINS", 11, "expected a positive integer in TOP(n) but found '0'")]
    [InlineData("SELECT TOP(2.5) FROM DIGITALTWINS", 11, "expected a positive integer in TOP(n) but found '2.5'")]
    [InlineData("SELECT TOP 5 FROM DIGITALTWINS", 11, "expected '(' after TOP but found '5'")]
    [InlineData("SELECT TOP(5) COUNT() FROM DIGITALTWINS", 14, "TOP cannot be combined with COUNT()")]
    // incomplete WHERE
    [InlineData("SELECT * FROM DIGITALTWINS T WHERE", 34, "expected a value (a path, a literal, a function call or '(') but found end of query")]
    [InlineData("SELECT * FROM DIGITALTWINS T WHERE T.name =", 43, "expected a value")]
    [InlineData("SELECT * FROM DIGITALTWINS T WHERE (T.name = 'a'", 48, "expected ')' but found end of query")]
    [InlineData("SELECT * FROM DIGITALTWINS T WHERE T.", 37, "expected a property name after '.' but found end of query")]
    // IN lists
    [InlineData("SELECT * FROM DIGITALTWINS T WHERE T.name IN ['a' 'b']", 50, "expected ',' or ']' in the IN list but found ''b''")]
    [InlineData("SELECT * FROM DIGITALTWINS T WHERE T.name IN 'a'", 45, "expected '[' or '(' to start the IN list but found ''a''")]
    [InlineData("SELECT * FROM DIGITALTWINS T WHERE T.name IN [T.x]", 46, "expected a literal (string, number, true, false or null) in the IN list but found 'T'")]
    // function arguments
    [InlineData("SELECT * FROM DIGITALTWINS T WHERE STARTSWITH(T.name)", 52, "expected 2 argument(s) to STARTSWITH but found 1")]
    [InlineData("SELECT * FROM DIGITALTWINS WHERE IS_OF_MODEL('dtmi:x;1', fuzzy)", 57, "expected 'exact' as argument 2 of IS_OF_MODEL")]
    [InlineData("SELECT * FROM DIGITALTWINS T WHERE IS_OF_MODEL(T, 42)", 50, "expected a model id string ('dtmi:…;1') as argument 2 of IS_OF_MODEL")]
    [InlineData("SELECT * FROM RELATIONSHIPS WHERE IS_OF_MODEL('dtmi:x;1')", 46, "expected a twin collection for IS_OF_MODEL")]
    [InlineData("SELECT * FROM DIGITALTWINS A JOIN B RELATED A.r WHERE IS_OF_MODEL('dtmi:x;1')", 66, "expected an alias as the first argument of IS_OF_MODEL")]
    [InlineData("SELECT * FROM DIGITALTWINS A JOIN B RELATED A.r R WHERE IS_OF_MODEL(R, 'dtmi:x;1')", 68, "expected a twin alias in IS_OF_MODEL but found 'R', a relationship alias")]
    public void Parse_BadQuery_ReportsPositionAndExpectation(string query, int position, string expected)
    {
        Fails(query, position, expected);
    }

    [Theory]
    [InlineData("SELECT * FROM DIGITALTWINS T WHERE X.name = 'a'", 35, "expected an alias (T) but found unknown alias 'X'")]
    [InlineData("SELECT X.name FROM DIGITALTWINS T", 7, "expected an alias (T) but found unknown alias 'X'")]
    [InlineData("SELECT B FROM DIGITALTWINS F JOIN R RELATED F.hasRoom", 7, "expected an alias (F, R) but found unknown alias 'B'")]
    [InlineData("SELECT R FROM DIGITALTWINS F JOIN R RELATED G.hasRoom", 44, "found unknown alias 'G'")]
    [InlineData("SELECT a FROM DIGITALTWINS MATCH (a)-[]->(b) WHERE c.name = 'x'", 51, "found unknown alias 'c'")]
    [InlineData("SELECT a FROM DIGITALTWINS MATCH (a)-[]->(b) WHERE IS_OF_MODEL(z, 'dtmi:x;1')", 63, "found unknown alias 'z'")]
    public void Parse_UnknownAlias_NamesTheAlias(string query, int position, string expected)
    {
        Fails(query, position, expected);
    }

    [Theory]
    [InlineData("SELECT * FROM DIGITALTWINS MATCH (a)", 36, "expected a relationship pattern ('-[…]->', '<-[…]-' or '-[…]-') after the MATCH node but found end of query")]
    [InlineData("SELECT * FROM DIGITALTWINS MATCH (a)-[:hasFloor]>(b)", 48, "expected '-' to close the relationship pattern but found '>'")]
    [InlineData("SELECT * FROM DIGITALTWINS MATCH a-[]->(b)", 33, "expected '(' to start a MATCH node but found 'a'")]
    [InlineData("SELECT * FROM DIGITALTWINS MATCH (a)-[]->b", 41, "expected '(' to start a MATCH node but found 'b'")]
    [InlineData("SELECT * FROM DIGITALTWINS MATCH (a b)-[]->(c)", 36, "expected ')' to close the MATCH node but found 'b'")]
    [InlineData("SELECT * FROM DIGITALTWINS MATCH (a)-[*]->(b)", 39, "expected a hop count (n, n..m or ..m) after '*' but found ']'")]
    [InlineData("SELECT * FROM DIGITALTWINS MATCH (a)-[*11]->(b)", 39, "expected a hop count of at most 10 but found '11'")]
    [InlineData("SELECT * FROM DIGITALTWINS MATCH (a)-[*0..2]->(b)", 39, "expected a hop count (a positive integer) but found '0'")]
    [InlineData("SELECT * FROM DIGITALTWINS MATCH (a)-[*3..2]->(b)", 43, "expected the upper hop count to be at least 3 but found 2")]
    [InlineData("SELECT * FROM DIGITALTWINS MATCH (a)-[r*2]->(b)", 38, "expected no alias on a variable-length relationship pattern but found 'r'")]
    [InlineData("SELECT * FROM DIGITALTWINS MATCH (a)-[:]->(b)", 39, "expected a relationship name after ':' but found ']'")]
    [InlineData("SELECT * FROM DIGITALTWINS MATCH (a)-[:x|]->(b)", 41, "expected a relationship name after '|' but found ']'")]
    [InlineData("SELECT * FROM DIGITALTWINS MATCH (a)<-[]->(b)", 41, "a relationship pattern cannot point both ways")]
    [InlineData("SELECT * FROM DIGITALTWINS MATCH (a)-[x y]->(b)", 40, "expected ']' to close the relationship pattern but found 'y'")]
    [InlineData("SELECT * FROM DIGITALTWINS MATCH (a)-[r]->(r)", 43, "expected a new alias but found 'r', which is already declared")]
    [InlineData("SELECT * FROM DIGITALTWINS MATCH (a)-[]->(b) JOIN c RELATED a.x", 45, "expected WHERE or end of query but found 'JOIN'")]
    public void Parse_BadMatchPattern_ReportsPositionAndExpectation(string query, int position, string expected)
    {
        Fails(query, position, expected);
    }

    [Theory]
    [InlineData("SELECT * FROM DIGITALTWINS T JOIN T RELATED T.hasFloor", 34, "expected a new alias but found 'T', which is already declared")]
    [InlineData("SELECT * FROM DIGITALTWINS T JOIN F T.hasFloor", 36, "expected RELATED but found 'T'")]
    [InlineData("SELECT * FROM DIGITALTWINS T JOIN F RELATED T", 45, "expected '.' and a relationship name after 'T' but found end of query")]
    [InlineData("SELECT * FROM DIGITALTWINS T JOIN F RELATED T.hasFloor R JOIN G RELATED R.x", 72, "expected a twin alias before '.x' but found 'R', a relationship alias")]
    [InlineData("SELECT * FROM RELATIONSHIPS R JOIN F RELATED R.x", 30, "JOIN needs FROM DIGITALTWINS")]
    [InlineData("SELECT T.name, T.name FROM DIGITALTWINS T", 15, "expected distinct projection names but 'name' appears twice")]
    [InlineData("SELECT T.name AS FROM DIGITALTWINS T", 17, "expected a name after AS but found 'FROM'")]
    public void Parse_BadJoinOrProjection_ReportsPositionAndExpectation(string query, int position, string expected)
    {
        Fails(query, position, expected);
    }

    [Fact]
    public void Parse_SixJoins_ExceedsLimit()
    {
        const string query = "SELECT * FROM DIGITALTWINS A JOIN B RELATED A.r JOIN C RELATED B.r JOIN D RELATED C.r " +
            "JOIN E RELATED D.r JOIN F RELATED E.r JOIN G RELATED F.r";

        Fails(query, query.LastIndexOf("JOIN", StringComparison.Ordinal), "expected at most 5 JOIN clauses but found another 'JOIN'");
    }

    [Fact]
    public void Parse_FiftyOneInItems_ExceedsLimit()
    {
        var items = Enumerable.Range(0, 51).Select(i => $"'id{i:D2}'").ToArray();
        var query = $"SELECT * FROM DIGITALTWINS T WHERE T.$dtId IN [{string.Join(",", items)}]";

        Fails(query, query.IndexOf("'id50'", StringComparison.Ordinal), "expected at most 50 items in an IN list");
    }

    [Fact]
    public void Parse_FiftyOneAndOrTerms_ExceedsLimit()
    {
        var terms = Enumerable.Range(0, 52).Select(i => $"T.p{i:D2} = 1").ToArray();
        var query = "SELECT * FROM DIGITALTWINS T WHERE " + string.Join(" OR ", terms[..26]) + " AND " + string.Join(" AND ", terms[26..]);
        var fiftyFirst = query.IndexOf("T.p51", StringComparison.Ordinal) - "AND ".Length;

        Fails(query, fiftyFirst, "expected at most 50 AND/OR terms");
    }

    [Fact]
    public void Parse_LongerThan8000Characters_ExceedsLimit()
    {
        var query = "SELECT * FROM DIGITALTWINS T WHERE T.name = '" + new string('x', 8000) + "'";

        Fails(query, 8000, "expected at most 8,000 characters but the query has 8,046");
    }

    [Fact]
    public void Parse_Exactly8000Characters_IsAccepted()
    {
        var prefix = "SELECT * FROM DIGITALTWINS T WHERE T.name = '";
        var query = prefix + new string('x', 8000 - prefix.Length - 1) + "'";

        Assert.Equal(8000, query.Length);
        Assert.Empty(TwinQuery.Execute(QueryFixture.Graph, query).Items);
    }

    [Fact]
    public void Parse_SyntaxError_IsATwinLabQueryError()
    {
        var ex = Assert.ThrowsAny<TwinLabException>(() => TwinQuery.Parse("SELECT * FROM"));

        Assert.Equal(ErrorCodes.QueryError, ex.Code);
        Assert.IsType<QuerySyntaxException>(ex);
    }

    [Fact]
    public void Parse_ValidQuery_DoesNotTouchAnyGraph()
    {
        var parsed = TwinQuery.Parse("SELECT TOP(3) T.name AS n FROM DIGITALTWINS T WHERE T.level IN [1, 2]");

        Assert.Equal(["""{"n":"Ground"}""", """{"n":"First"}""", """{"n":"Annex ground"}"""],
            TwinQuery.Execute(QueryFixture.Graph, parsed).Items.Select(r => r.ToJsonString()));
        Assert.Empty(TwinQuery.Execute(GraphSnapshot.Empty, parsed).Items);
    }
}
