namespace TwinLab.Server.Audit;

/// <summary>
/// Records each request in the audit log once its response has been sent, when the status, the authenticated caller and
/// the correlation id are all final (see <see cref="RequestAudit"/> for what is recorded and how).
/// </summary>
/// <remarks>Sits before authentication in the pipeline so that requests refused there (401) are recorded too; recording
/// only queues the entry (<see cref="AuditRecorder"/>).</remarks>
internal sealed class AuditMiddleware(RequestDelegate next, AuditRecorder recorder, TimeProvider time)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnCompleted(() =>
        {
            if (RequestAudit.IsRecorded(context)) recorder.Record(RequestAudit.Entry(context, time.GetUtcNow()));
            return Task.CompletedTask;
        });
        return next(context);
    }
}
