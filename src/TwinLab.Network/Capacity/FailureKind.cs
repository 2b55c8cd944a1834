namespace TwinLab.Network.Capacity;

/// <summary>The kind of element that fails.</summary>
public enum FailureKind
{
    /// <summary>A link.</summary>
    Link,

    /// <summary>A node with all its links.</summary>
    Node,
}
