namespace TwinLab.Server.Events;

/// <summary>Where a write's events say they came from.</summary>
/// <param name="Source">The CloudEvents <c>source</c>: the configured event source name or the request's host.</param>
/// <param name="TraceParent">The W3C trace context of the request that made the write, or <c>null</c>.</param>
internal sealed record EventOrigin(string Source, string? TraceParent);
