namespace TwinLab.Network.Defence;

/// <summary>The kinds of defence measure; each has a name used in measure ids and cost files.</summary>
public enum MeasureKind
{
    /// <summary>Patch a vulnerability (<c>patch</c>): removes <c>vulExists</c> facts.</summary>
    Patch,
    /// <summary>Close a port / remove a service (<c>close-port</c>): removes the service and the host-level hacls to it.</summary>
    ClosePort,
    /// <summary>Add a firewall rule blocking a flow (<c>block-flow</c>): removes (or narrows) matching hacls.</summary>
    BlockFlow,
    /// <summary>Remove a trust relation (<c>remove-trust</c>).</summary>
    RemoveTrust,
    /// <summary>Rotate or remove a stored credential (<c>remove-credential</c>): removes <c>credentialStoredOn</c>.</summary>
    RemoveCredential,
    /// <summary>Isolate a host (<c>isolate-host</c>): removes every hacl to or from it and its group memberships.</summary>
    IsolateHost,
    /// <summary>Move a host to another zone (<c>move-host</c>): replaces its group memberships (may add reachability).</summary>
    MoveHost,
}

/// <summary>Names of <see cref="MeasureKind"/> values as written in cost files.</summary>
public static class MeasureKinds
{
    /// <summary>The kebab-case name of a kind, such as <c>close-port</c>.</summary>
    public static string Name(MeasureKind kind) => kind switch
    {
        MeasureKind.Patch => "patch",
        MeasureKind.ClosePort => "close-port",
        MeasureKind.BlockFlow => "block-flow",
        MeasureKind.RemoveTrust => "remove-trust",
        MeasureKind.RemoveCredential => "remove-credential",
        MeasureKind.IsolateHost => "isolate-host",
        _ => "move-host",
    };

    /// <summary>The kind of a kebab-case name, or null when there is none.</summary>
    public static MeasureKind? Parse(string name) =>
        Enum.GetValues<MeasureKind>().Select(k => (MeasureKind?)k).FirstOrDefault(k => Name(k!.Value) == name);

    /// <summary>All kind names, for error messages.</summary>
    public static string All => string.Join(", ", Enum.GetValues<MeasureKind>().Select(Name));
}
