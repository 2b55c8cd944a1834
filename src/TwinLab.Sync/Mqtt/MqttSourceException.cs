namespace TwinLab.Sync.Mqtt;

/// <summary>A connection attempt failed for a reason worth reporting as it is (refused, timed out, no password).</summary>
internal sealed class MqttSourceException(string message) : Exception(message);
