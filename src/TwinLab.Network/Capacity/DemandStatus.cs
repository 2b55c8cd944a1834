namespace TwinLab.Network.Capacity;

/// <summary>Whether a demand is carried.</summary>
public enum DemandStatus
{
    /// <summary>Carried on a path.</summary>
    Routed,

    /// <summary>Both endpoints are up but no path joins them.</summary>
    Disconnected,

    /// <summary>Its source or destination (host or node) is itself out of service.</summary>
    EndpointDown,
}
