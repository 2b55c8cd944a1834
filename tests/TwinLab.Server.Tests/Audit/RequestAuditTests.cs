using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using TwinLab.Core.Audit;
using TwinLab.Server.Audit;

namespace TwinLab.Server.Tests.Audit;

/// <summary>How a request is classified for the audit log: its action and resource.</summary>
public sealed class RequestAuditTests
{
    private static DefaultHttpContext Context(string method, string path, string? endpointName, int status, params (string Key, string Value)[] route)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Path = path;
        context.Response.StatusCode = status;
        foreach (var (key, value) in route) context.Request.RouteValues[key] = value;
        var metadata = endpointName is null ? new EndpointMetadataCollection() : new EndpointMetadataCollection(new EndpointNameMetadata(endpointName));
        context.SetEndpoint(new Endpoint(_ => Task.CompletedTask, metadata, endpointName));
        return context;
    }

    [Theory]
    [InlineData("GET", "/digitaltwins/r1", "GetDigitalTwin", 200, AuditActions.Read)]
    [InlineData("PATCH", "/digitaltwins/r1", "UpdateDigitalTwin", 204, AuditActions.Write)]
    [InlineData("POST", "/query", "QueryTwins", 200, AuditActions.Read)]
    [InlineData("POST", "/experiments", "SubmitExperiment", 202, AuditActions.Run)]
    [InlineData("GET", "/experiments/x/results", "GetExperimentResults", 200, AuditActions.Export)]
    [InlineData("GET", "/experiments/x/report", "GetExperimentReport", 200, AuditActions.Export)]
    [InlineData("PUT", "/connections/plant", "PutConnection", 200, AuditActions.Admin)]
    [InlineData("PUT", "/policies/p1", null, 200, AuditActions.Admin)]
    [InlineData("DELETE", "/eventroutes/r", "DeleteEventRoute", 204, AuditActions.Admin)]
    [InlineData("POST", "/telemetry/batch", "SendTelemetryBatch", 200, AuditActions.Write)]
    [InlineData("POST", "/domains/network/n1/whatif", "NetworkWhatIf", 200, AuditActions.Read)]
    [InlineData("GET", "/digitaltwins/r1", "GetDigitalTwin", 403, AuditActions.Denied)]
    [InlineData("POST", "/experiments", "SubmitExperiment", 401, AuditActions.Denied)]
    public void Action_FollowsMethodEndpointAndStatus(string method, string path, string? name, int status, string expected) =>
        Assert.Equal(expected, RequestAudit.Action(Context(method, path, name, status)));

    [Fact]
    public void MarkDenied_MakesAHiding404Denied()
    {
        var context = Context("GET", "/digitaltwins/secret", "GetDigitalTwin", 404, ("id", "secret"));
        Assert.Equal(AuditActions.Read, RequestAudit.Action(context));
        RequestAudit.MarkDenied(context);
        Assert.Equal(AuditActions.Denied, RequestAudit.Action(context));
        Assert.True(RequestAudit.IsRecorded(context));
    }

    [Theory]
    [InlineData("/digitaltwins/room-1/relationships/r9", "id", "room-1", "twin:room-1")]
    [InlineData("/models/dtmi:x:Room;1", "id", "dtmi:x:Room;1", "model:dtmi:x:Room;1")]
    [InlineData("/branches/what-if", "name", "what-if", "branch:what-if")]
    [InlineData("/experiments/7f3a/results", "id", "7f3a", "experiment:7f3a")]
    [InlineData("/query", null, null, "query")]
    [InlineData("/telemetry/batch", null, null, "telemetry/batch")]
    public void Resource_NamesWhatWasTouched(string path, string? key, string? value, string expected)
    {
        var route = key is null ? [] : new[] { (key, value!) };
        Assert.Equal(expected, RequestAudit.Resource(Context("GET", path, null, 200, route)));
    }

    [Fact]
    public void Entry_HidesCredentialsInTheQuery_AndNamesTheAddress()
    {
        var context = Context("GET", "/events", "StreamEvents", 200);
        context.Request.QueryString = new QueryString("?api-version=2023-10-31&access_token=tlk_secret_value");
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("::ffff:192.0.2.5");
        context.Connection.RemotePort = 50123;
        var entry = RequestAudit.Entry(context, DateTimeOffset.UnixEpoch);
        Assert.DoesNotContain("tlk_secret_value", entry.Detail);
        Assert.Equal("GET /events?api-version=2023-10-31&access_token=***", entry.Detail);
        Assert.Equal("192.0.2.5:50123", entry.Address);
        context.Connection.RemoteIpAddress = System.Net.IPAddress.IPv6Loopback;
        Assert.Equal("[::1]:50123", RequestAudit.Entry(context, DateTimeOffset.UnixEpoch).Address);
    }

    [Fact]
    public void UnmatchedAndPublicRequests_AreNotRecorded_UnlessRefused()
    {
        var unmatched = new DefaultHttpContext();
        unmatched.Request.Path = "/nothing-here";
        unmatched.Response.StatusCode = 404;
        Assert.False(RequestAudit.IsRecorded(unmatched));
        unmatched.Response.StatusCode = 401;
        Assert.True(RequestAudit.IsRecorded(unmatched));
        var docs = Context("GET", "/openapi/v1.json", null, 200);
        Assert.False(RequestAudit.IsRecorded(docs));
    }
}
