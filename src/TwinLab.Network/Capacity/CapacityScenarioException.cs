using TwinLab.Core.Errors;

namespace TwinLab.Network.Capacity;

/// <summary>A what-if that names a link, node or host the network does not have, or an impossible value.</summary>
/// <param name="message">What is wrong.</param>
public sealed class CapacityScenarioException(string message) : TwinLabException(ErrorCodes.InvalidArgument, message);
