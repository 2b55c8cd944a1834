using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using TwinLab.Core.Application;
using TwinLab.Core.Errors;
using TwinLab.Server.Events;
using TwinLab.Server.Hosting;
using TwinLab.Server.Security;

namespace TwinLab.Server;

/// <summary>
/// <c>GET /events</c> (TwinLab extension): a Server-Sent Events stream of twin, relationship and model changes, telemetry
/// and experiment progress, each a CloudEvents 1.0 JSON event as ADT's event routes emit it, filterable by twin, model,
/// type and branch, and resumable after a sequence number (<c>Last-Event-ID</c>).
/// </summary>
public static class EventsApi
{
    /// <summary>Registers the stream settings and the service that turns committed writes into events.</summary>
    public static WebApplicationBuilder AddTwinLabEvents(this WebApplicationBuilder builder)
    {
        builder.Services.AddHttpContextAccessor();
        builder.Services.AddSingleton(sp => EventStreamOptions.From(sp.GetRequiredService<IConfiguration>()) with { Server = sp.GetService<IServer>() });
        builder.Services.AddHostedService<CommitEventPublisher>();
        return builder;
    }

    /// <summary>Maps the event stream.</summary>
    public static WebApplication MapEventsApi(this WebApplication app)
    {
        app.MapAdtGroup("/events").RequireAccess(AccessScope.Handler).MapGet("", StreamEvents).WithName("StreamEvents")
            .WithSummary("Streams twin, relationship, model, telemetry and experiment events (Server-Sent Events, CloudEvents JSON)")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream");
        return app;
    }

    internal static async Task StreamEvents(HttpContext context, TwinService service, EventHub hub, EventStreamOptions options,
        IHostApplicationLifetime lifetime, ILoggerFactory loggers)
    {
        var request = context.Request;
        var filter = EventStreamFilter.Parse(request.Query);
        filter.RestrictTo(Routing.Delivery.EndpointStream.Filter(request.Query, context.RequestServices.GetRequiredService<Routing.Delivery.EndpointStore>(),
            context.RequestServices.GetRequiredService<Routing.EventRouteStore>()));
        var resumeAfter = ResumePoint(request);
        // Only events about what the caller may read, judged as each is sent (so a policy change applies to an open stream).
        var readable = context.RequestServices.GetRequiredService<EventAccess>().For(AccessControl.SubjectsOf(context.User), context.Actor());
        bool Matches(TwinLabEvent e) => filter.Matches(e) && readable(e);

        // Subscribe before reading the log's end, so every event after it arrives live and none falls between the two.
        using var subscription = hub.Subscribe(Matches);
        var replayedUpTo = resumeAfter is null ? 0 : service.LastSequence;
        var replay = resumeAfter is { } after && after < replayedUpTo
            ? EventReplay.Events(service, after, replayedUpTo, filter.WantsBranch, options.OriginOf(context) with { TraceParent = null }).Where(Matches)
            : [];

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await response.StartAsync(context.RequestAborted);
        await response.Body.FlushAsync(context.RequestAborted);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        try
        {
            var credential = StreamCredential.Of(context, context.RequestServices.GetRequiredService<ServerSettings>(),
                context.RequestServices.GetRequiredService<ApiKeyStore>(), options.CredentialCheck, context.RequestServices.GetRequiredService<TimeProvider>());
            await ServerSentEvents.RunAsync(response.Body, subscription.Reader, replay, replayedUpTo, options.Heartbeat, stop.Token, credential);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The client left or the server is stopping.
        }
        catch (IOException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client left mid-write.
        }
        catch (Exception e) when (e is not OperationCanceledException && !context.RequestAborted.IsCancellationRequested)
        {
            loggers.CreateLogger(typeof(EventsApi)).LogError(e, "The event stream failed");
            await ServerSentEvents.WriteErrorAsync(response.Body, "InternalServerError", "The event stream failed; reconnect with Last-Event-ID to resume.", CancellationToken.None);
        }
    }

    /// <summary>The sequence number to resume after: the <c>Last-Event-ID</c> header or the <c>lastEventId</c> query parameter.</summary>
    /// <exception cref="TwinLabException">It is not a sequence number.</exception>
    private static long? ResumePoint(HttpRequest request)
    {
        var (name, text) = request.Headers["Last-Event-ID"].ToString() is { Length: > 0 } header
            ? ("Last-Event-ID", header)
            : ("lastEventId", request.Query["lastEventId"].ToString());
        if (text.Length == 0) return null;
        // A telemetry message for several twins in one change has ids SEQ, SEQ.1, SEQ.2: resume after the whole change.
        var number = text.Split('.')[0].Trim();
        return long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var seq)
            ? seq
            : throw new TwinLabException(ErrorCodes.InvalidArgument, $"{name} must be the sequence number of an event (the id: of a graph event), not '{text}'.");
    }
}
