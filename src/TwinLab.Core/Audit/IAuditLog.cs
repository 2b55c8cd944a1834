namespace TwinLab.Core.Audit;

/// <summary>Where code that serves requests records what happened. Cheap to call on every request.</summary>
/// <remarks>The server's implementation buffers entries and writes them in batches on a background task (flushed when it
/// stops), so recording does not slow a request down; the order of entries from one caller is kept.</remarks>
public interface IAuditLog
{
    /// <summary>Records <paramref name="entry"/>. Waits only when the buffer is full (the store has fallen far behind).</summary>
    void Record(AuditEntry entry);
}
