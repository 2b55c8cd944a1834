namespace TwinLab.Sync.Connections;

/// <summary>The sources connections run by type.</summary>
internal static class ConnectionSources
{
    /// <summary>The source of <paramref name="c"/>; <c>null</c> for an <c>http</c> connection, whose messages are posted.</summary>
    public static IConnectionSource? Create(ConnectionDefinition c, SourceContext context) => c.Type switch
    {
        ConnectionTypes.Mqtt => MqttConnectionSource.For(c, context),
        ConnectionTypes.Folder => FolderConnectionSource.For(c, context),
        _ => null,
    };
}
