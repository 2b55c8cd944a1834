using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using TwinLab.Server.Events;
using TwinLab.Sync.Mqtt;

namespace TwinLab.Server.Routing.Delivery;

/// <summary>
/// Delivers events by MQTT 5 publish, one CloudEvent (structured, <c>application/cloudevents+json</c>) per message, to the
/// topic the endpoint's template gives (<see cref="TopicTemplate"/>).
/// </summary>
/// <remarks>
/// At QoS 1 (the default) or 2 an event counts as delivered when the broker acknowledged it (PUBACK/PUBCOMP), "no matching
/// subscribers" included: the broker took it. A lost or refused connection, a timeout or a busy broker is retried: the
/// next attempt connects again. A refusal of the message itself (not authorised for the topic, invalid topic or
/// payload) is dead-lettered.
/// </remarks>
internal sealed class MqttSender : IEndpointSender
{
    private readonly MqttClientFactory _factory = new();
    private readonly MqttAddress _address;
    private readonly MqttQualityOfServiceLevel _qos;
    private readonly string _clientId;
    private readonly Func<string, string?> _environment;
    private IMqttClient? _client;

    public MqttSender(EndpointDefinition endpoint, Func<string, string?>? environment = null)
    {
        Endpoint = endpoint;
        _address = MqttAddress.Parse(endpoint.Url!);
        _qos = (endpoint.Qos ?? 1) switch
        {
            0 => MqttQualityOfServiceLevel.AtMostOnce,
            2 => MqttQualityOfServiceLevel.ExactlyOnce,
            _ => MqttQualityOfServiceLevel.AtLeastOnce,
        };
        // Unique per sender: two servers (or a server and its restart) publishing to one broker never take each other's session.
        _clientId = $"twinlab-{endpoint.Name}-{Guid.NewGuid():N}";
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    public EndpointDefinition Endpoint { get; }

    public async Task<SendOutcome> SendAsync(TwinLabEvent e, CancellationToken cancel)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        attempt.CancelAfter(Endpoint.Timeout);
        var stage = "connect to";
        try
        {
            var client = _client is { IsConnected: true } connected ? connected : await ConnectAsync(attempt.Token);
            if (client is null) return SendOutcome.Retry(_lastConnectError ?? $"cannot connect to {_address}");
            stage = "publish to";
            var topic = TopicTemplate.Render(Endpoint.Topic!, e);
            var message = new MqttApplicationMessageBuilder()
                .WithTopic(topic)
                .WithPayload(CloudEventJson.Utf8(e))
                .WithQualityOfServiceLevel(_qos)
                .WithContentType("application/cloudevents+json")
                .WithPayloadFormatIndicator(MqttPayloadFormatIndicator.CharacterData)
                .Build();
            var result = await client.PublishAsync(message, attempt.Token);
            if (result.IsSuccess || result.ReasonCode == MqttClientPublishReasonCode.NoMatchingSubscribers) return SendOutcome.Delivered;
            var said = $"{_address} refused the publish to '{topic}': {result.ReasonCode}{(string.IsNullOrEmpty(result.ReasonString) ? "" : $" ({result.ReasonString})")}";
            return result.ReasonCode is MqttClientPublishReasonCode.NotAuthorized or MqttClientPublishReasonCode.TopicNameInvalid
                or MqttClientPublishReasonCode.PayloadFormatInvalid or MqttClientPublishReasonCode.PacketIdentifierInUse
                ? SendOutcome.Reject(said)
                : SendOutcome.Retry(said);
        }
        catch (OperationCanceledException) when (!cancel.IsCancellationRequested)
        {
            await DropAsync();
            return SendOutcome.Retry($"could not {stage} {_address} within {Endpoint.Timeout.TotalSeconds:0.###} s");
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not OutOfMemoryException)
        {
            await DropAsync();
            return SendOutcome.Retry($"could not {stage} {_address}: {ex.Message}");
        }
    }

    private string? _lastConnectError;

    /// <summary>A new connection (the previous one, if any, is dropped), or <c>null</c> with <see cref="_lastConnectError"/> set.</summary>
    private async Task<IMqttClient?> ConnectAsync(CancellationToken cancel)
    {
        await DropAsync();
        var builder = _factory.CreateClientOptionsBuilder()
            .WithTcpServer(_address.Host, _address.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(_clientId)
            .WithCleanStart(true)
            .WithTimeout(Endpoint.Timeout);
        if (_address.UserName is { } user)
        {
            string? password = null;
            if (Endpoint.PasswordEnv is { } variable && (password = _environment(variable)) is null)
            {
                _lastConnectError = $"the environment variable {variable} (passwordEnv) is not set in the server's environment; set it and restart the server";
                return null;
            }
            builder.WithCredentials(user, password);
        }
        if (_address.UseTls)
        {
            var untrusted = Endpoint.AllowUntrustedCertificates == true;
            builder.WithTlsOptions(t => t.UseTls().WithTargetHost(_address.Host).WithAllowUntrustedCertificates(untrusted).WithIgnoreCertificateChainErrors(untrusted));
        }
        var client = _factory.CreateMqttClient();
        var result = await client.ConnectAsync(builder.Build(), cancel);
        if (result.ResultCode != MqttClientConnectResultCode.Success)
        {
            client.Dispose();
            _lastConnectError = $"{_address} refused the connection: {result.ResultCode}{(string.IsNullOrEmpty(result.ReasonString) ? "" : $" ({result.ReasonString})")}";
            return null;
        }
        _lastConnectError = null;
        return _client = client;
    }

    private async Task DropAsync()
    {
        if (_client is not { } client) return;
        _client = null;
        try
        {
            if (client.IsConnected)
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.DisconnectAsync(new MqttClientDisconnectOptions(), quick.Token);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Going away anyway.
        }
        client.Dispose();
    }

    public async ValueTask DisposeAsync() => await DropAsync();
}
