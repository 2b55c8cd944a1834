using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Core.History;
using TwinLab.Core.Query;
using TwinLab.Core.Twins;
using TwinLab.Server.Hosting;
using TwinLab.Server.Security;
using TwinLab.Server.Twins;

namespace TwinLab.Server;

/// <summary><c>/query</c>: the ADT query language over the twin graph, paged by continuation token. TwinLab extensions:
/// <c>?branch=NAME</c> queries a branch, <c>?asOf=SEQ|ISO-TIME</c> its state at an earlier point.</summary>
/// <remarks>A continuation token carries the query, the branch, the log position the first page was read at, and the
/// offset, so every page of one query reads the same state of the same branch (whatever the later request's
/// <c>branch</c> and <c>asOf</c> say) and the server keeps nothing between pages.</remarks>
public static class QueryApi
{
    /// <summary>The most items on one page, as in ADT.</summary>
    internal const int MaxPageSize = 1000;

    /// <summary>Maps the query endpoint.</summary>
    public static RouteGroupBuilder MapQueryApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapAdtGroup("/query").WithTags("Query").RequireAccess(AccessScope.Handler);
        api.MapPost("/", QueryTwins).WithBranchAndAsOf(read: true).WithName("QueryTwins").WithSummary("Runs a query, or continues one from its continuationToken");
        return api;
    }

    internal static async Task<IResult> QueryTwins(TwinService service, ITwinGraphBackend twins, HttpRequest request, HttpResponse response, CancellationToken cancel)
    {
        var body = await RequestJson.ReadAsync(request, cancel, RequestLimits.PayloadBytes);
        if (body.ValueKind != JsonValueKind.Object)
            throw new TwinLabException(ErrorCodes.InvalidArgument, "The body must be {\"query\": \"SELECT ...\"} or {\"continuationToken\": \"...\"}.");
        var http = request.HttpContext;
        Position position;
        if (body.TryGetProperty("continuationToken", out var t) && t.ValueKind == JsonValueKind.String)
        {
            position = Position.Decode(t.GetString()!);
            if (BranchesApi.BranchGiven(http) && BranchesApi.BranchOf(http) != position.Branch)
                throw new TwinLabException(ErrorCodes.InvalidArgument,
                    $"The continuation token continues a query of branch '{position.Branch}', not '{BranchesApi.BranchOf(http)}'.");
            BranchesApi.EnsureExists(service, position.Branch);
        }
        else if (body.TryGetProperty("query", out var q) && q.ValueKind == JsonValueKind.String)
            position = new Position(q.GetString()!, BranchesApi.BranchOf(http), BranchesApi.AsOfOf(http) ?? twins.LastSequence, 0);
        else
            throw new TwinLabException(ErrorCodes.InvalidArgument, "The body must be {\"query\": \"SELECT ...\"} or {\"continuationToken\": \"...\"}.");
        var size = PageSize(request);
        // The query runs on what the caller may read: hidden twins are not in the graph it sees, so no WHERE, JOIN, COUNT or
        // IS_OF_MODEL can reveal them. Unrestricted callers (and READ on * with nothing revoked) query the snapshot itself.
        if (BranchesApi.BranchGiven(http) || position.Branch != BranchInfo.Main) AccessFilter.CheckBranch(http, position.Branch, read: true);
        var query = TwinQuery.Parse(position.Query);
        var snapshot = RequestAccess.View(http, await twins.QueryGraphAsync(position.Branch, position.Sequence, query)).Visible;

        // The page goes straight from the twins into one pooled UTF-8 buffer (no row objects, no string), sent with its
        // length once complete, so a query that fails half-way still answers with a clean error.
        var buffer = new PooledBufferWriter();
        try
        {
            QueryPage page;
            using (var w = new Utf8JsonWriter(buffer, WriterOptions))
            {
                w.WriteStartObject();
                w.WriteStartArray("value");
                page = TwinQuery.WritePage(snapshot, query, w, position.Offset, size);
                w.WriteEndArray();
                if (page.HasMore) w.WriteString("continuationToken", (position with { Offset = position.Offset + page.Count }).Encode());
                else w.WriteNull("continuationToken");
                w.WriteEndObject();
            }
            // A nominal charge in ADT's units: one per page plus one per hundred items returned.
            response.Headers["query-charge"] = (1 + page.Count / 100.0).ToString("0.##", CultureInfo.InvariantCulture);
            return new JsonBytesResult(buffer);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>As <see cref="JsonNode.ToJsonString"/> writes (the default encoder), without validating each token.</summary>
    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true };

    /// <summary>The page size: ADT's <c>max-items-per-page</c> header (or <c>x-ms-max-item-count</c>), at most 1,000.</summary>
    private static int PageSize(HttpRequest request)
    {
        var header = request.Headers["max-items-per-page"].ToString();
        if (header.Length == 0) return Paging.PageSize(request, MaxPageSize);
        if (!int.TryParse(header, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            throw new TwinLabException(ErrorCodes.InvalidArgument, $"max-items-per-page must be a positive integer, not '{header}'.");
        return Math.Min(n, MaxPageSize);
    }

    /// <summary>Where a paged query stands: its text, the branch and log position it reads, and how many items were returned.</summary>
    private sealed record Position(string Query, string Branch, long Sequence, int Offset)
    {
        public string Encode() =>
            Paging.EncodeToken(new JsonObject { ["q"] = Query, ["b"] = Branch, ["s"] = Sequence, ["o"] = Offset }.ToJsonString());

        public static Position Decode(string token)
        {
            try
            {
                var node = JsonNode.Parse(Paging.DecodeToken(token)) as JsonObject ?? throw new FormatException();
                var position = new Position(
                    node["q"]?.GetValue<string>() ?? throw new FormatException(),
                    // Tokens from before branches could be queried read main.
                    node["b"]?.GetValue<string>() ?? BranchInfo.Main,
                    node["s"]?.GetValue<long>() ?? throw new FormatException(),
                    node["o"]?.GetValue<int>() ?? throw new FormatException());
                if (position.Sequence < 0 || position.Offset < 0) throw new FormatException();
                return position;
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                throw new TwinLabException(ErrorCodes.InvalidArgument, "The continuation token is not valid.");
            }
        }
    }

    /// <summary>An <see cref="IBufferWriter{T}"/> over arrays rented from the shared pool, returned by <see cref="Dispose"/>.</summary>
    private sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
    {
        private byte[] _array = ArrayPool<byte>.Shared.Rent(16 * 1024);
        private int _written;

        public ReadOnlyMemory<byte> Written => _array.AsMemory(0, _written);

        public void Advance(int count) => _written += count;

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _array.AsMemory(_written);
        }

        public Span<byte> GetSpan(int sizeHint = 0)
        {
            Ensure(sizeHint);
            return _array.AsSpan(_written);
        }

        private void Ensure(int sizeHint)
        {
            if (_array.Length - _written >= Math.Max(sizeHint, 1)) return;
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(_array.Length * 2, _written + sizeHint));
            _array.AsSpan(0, _written).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_array);
            _array = bigger;
        }

        public void Dispose()
        {
            var array = _array;
            _array = [];
            _written = 0;
            if (array.Length > 0) ArrayPool<byte>.Shared.Return(array);
        }
    }

    /// <summary>A 200 with a UTF-8 JSON body from a pooled buffer (with its Content-Length), which it returns to the pool.</summary>
    private sealed class JsonBytesResult(PooledBufferWriter body) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
    {
        public int? StatusCode => StatusCodes.Status200OK;

        public string ContentType => "application/json";

        public async Task ExecuteAsync(HttpContext httpContext)
        {
            try
            {
                var response = httpContext.Response;
                response.StatusCode = StatusCodes.Status200OK;
                response.ContentType = ContentType;
                response.ContentLength = body.Written.Length;
                await response.Body.WriteAsync(body.Written, httpContext.RequestAborted);
            }
            finally
            {
                body.Dispose();
            }
        }
    }
}
