namespace TwinLab.Server.Hosting;

/// <summary>The lease of a store only this server serves (a SQLite file): always held, never contended.</summary>
internal sealed class ProcessLease : IWorkLease
{
    /// <inheritdoc />
    public bool IsHeld => true;

    /// <inheritdoc />
    public string Node { get; } = WorkLeaseNode.Name();

    /// <inheritdoc />
    public event Action? Changed
    {
        add { }
        remove { }
    }

    /// <inheritdoc />
    public string? Holder() => Node;
}

/// <summary>How a server names itself as a lease holder.</summary>
internal static class WorkLeaseNode
{
    /// <summary>Host and process id: enough to find the process holding the lease, short enough for PostgreSQL's
    /// 63-byte <c>application_name</c>.</summary>
    public static string Name() => $"{Environment.MachineName}/{Environment.ProcessId}";
}
