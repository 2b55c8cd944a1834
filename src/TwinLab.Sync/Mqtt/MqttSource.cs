using System.Buffers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Protocol;
using TwinLab.Sync.Ingest;

namespace TwinLab.Sync.Mqtt;

/// <summary>
/// Subscribes to an MQTT broker and hands every message to an <see cref="IIngestSink"/> (normally the
/// <c>IngestPipeline</c>), acknowledging each QoS 1 message to the broker only once its fate is durable.
/// </summary>
/// <remarks>
/// <para><b>Delivery.</b> MQTT 5, persistent session (clean start off, session expiry from the options) under a stable
/// client id, QoS 1. A message's PUBACK is sent from its <see cref="InboundMessage.Acknowledge"/> callback, which the
/// pipeline calls after the batch holding it committed (or after it was dead-lettered), never before. A message that was
/// received but not yet acknowledged when the connection, the broker or TwinLab goes down is delivered again by the broker
/// on the next connection and recognised as a duplicate by the pipeline, so each message is applied exactly once. The
/// handler returns as soon as the message is queued, so thousands of messages are in flight at once (bounded by
/// <see cref="MqttSourceOptions.ReceiveMaximum"/> and the pipeline's capacity, which slows reading when full).</para>
/// <para><b>Connections.</b> Each connection uses a fresh MQTTnet client, so an acknowledgement that arrives after its
/// connection was lost can never be sent on a later connection (where the packet id may mean another message). Lost
/// connections and failed attempts are retried with exponential backoff from
/// <see cref="MqttSourceOptions.ReconnectMinDelay"/> up to <see cref="MqttSourceOptions.ReconnectMaxDelay"/>.</para>
/// <para><b>Pause.</b> <see cref="PauseAsync"/> stops handing messages over, waits up to
/// <see cref="MqttSourceOptions.DrainTimeout"/> for the ones in flight to be acknowledged, and disconnects while keeping
/// the session: the broker queues what is published meanwhile (up to its own limit, Mosquitto's
/// <c>max_queued_messages</c>) and delivers it on <see cref="ResumeAsync"/>. Unsubscribing instead would make the broker
/// drop those messages. <see cref="StopAsync"/> does the same and ends in <see cref="MqttSourceState.Stopped"/>.</para>
/// <para><b>Acknowledgements</b> leave in the order the messages arrived (the pipeline acknowledges in submission
/// order, as MQTT asks of a receiver), and on plain TCP the PUBACKs of a committed batch go out in a few TCP sends
/// instead of one each (<see cref="MqttSourceOptions.CoalesceWrites"/>).</para>
/// <para>Thread-safe: Start, Stop, Pause and Resume may be called from any thread; they are serialised.</para>
/// </remarks>
public sealed class MqttSource : IAsyncDisposable
{
    private readonly MqttSourceOptions _options;
    private readonly IIngestSink _sink;
    private readonly ILogger _log;
    private readonly TimeProvider _time;
    private readonly MqttClientFactory _factory = new();
    private readonly SemaphoreSlim _control = new(1, 1);
    private readonly object _drainGate = new();

    private CancellationTokenSource? _run;
    private Task? _runTask;
    private volatile IMqttClient? _client;
    private volatile bool _stopping;
    private volatile MqttSourceState _state = MqttSourceState.Stopped;
    private TaskCompletionSource? _drained;
    private bool _disposed;

    private long _received;
    private long _acknowledged;
    private long _inFlight;
    private long _connects;
    private long _errors;
    private string? _lastError;
    private DateTimeOffset? _lastErrorTime;
    private DateTimeOffset? _connectedSince;
    private bool _sessionPresent;

    /// <summary>Creates a source; it does nothing until <see cref="StartAsync"/>.</summary>
    /// <param name="options">Broker, topics, client id and delivery settings; checked here.</param>
    /// <param name="source">The connection's name: <see cref="InboundMessage.Source"/> of every message.</param>
    /// <param name="sink">Where messages go (an <c>IngestPipeline</c>).</param>
    /// <param name="log">Optional logger for connection changes and errors.</param>
    /// <param name="time">Clock for timestamps and backoff delays.</param>
    /// <exception cref="Core.Errors.TwinLabException">An option is out of range (the message names it).</exception>
    public MqttSource(MqttSourceOptions options, string source, IIngestSink sink, ILogger? log = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentNullException.ThrowIfNull(sink);
        options.Validate();
        _options = options;
        Source = source;
        _sink = sink;
        _log = log ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The connection's name (<see cref="InboundMessage.Source"/> of its messages).</summary>
    public string Source { get; }

    /// <summary>The options it was created with.</summary>
    public MqttSourceOptions Options => _options;

    /// <summary>Current state.</summary>
    public MqttSourceState State => _state;

    /// <summary>Raised (on a background thread) whenever <see cref="State"/> changes; handlers must be quick.</summary>
    public event Action<MqttSource, MqttSourceState>? StateChanged;

    /// <summary>A consistent-enough snapshot of the counters (each value is read atomically).</summary>
    public MqttSourceCounters Counters
    {
        get
        {
            lock (_drainGate)
            {
                var connects = Interlocked.Read(ref _connects);
                return new MqttSourceCounters(_state, Interlocked.Read(ref _received), Interlocked.Read(ref _acknowledged),
                    Interlocked.Read(ref _inFlight), connects, Math.Max(0, connects - 1), Interlocked.Read(ref _errors),
                    _lastError, _lastErrorTime, _connectedSince, _sessionPresent);
            }
        }
    }

    /// <summary>
    /// Starts connecting (and reconnecting) in the background. Returns after the first connection attempt, whether it
    /// succeeded (<see cref="State"/> is <see cref="MqttSourceState.Connected"/>) or not (the source keeps retrying; the
    /// reason is in <see cref="Counters"/>). Does nothing when already running; resumes a paused source.
    /// </summary>
    public async Task StartAsync(CancellationToken cancel = default)
    {
        await _control.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_runTask is not null) return;
            await StartLoopAsync(cancel).ConfigureAwait(false);
        }
        finally
        {
            _control.Release();
        }
    }

    /// <summary>Stops: hands no more messages over, waits (up to <see cref="MqttSourceOptions.DrainTimeout"/>) for those in
    /// flight to be acknowledged, and disconnects keeping the session, so messages published meanwhile are delivered after
    /// the next start.</summary>
    public async Task StopAsync(CancellationToken cancel = default)
    {
        await _control.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            await StopLoopAsync(cancel).ConfigureAwait(false);
            SetState(MqttSourceState.Stopped);
        }
        finally
        {
            _control.Release();
        }
    }

    /// <summary>Pauses: like <see cref="StopAsync"/>, but the state is <see cref="MqttSourceState.Paused"/> until
    /// <see cref="ResumeAsync"/>. The broker keeps the session and queues messages meanwhile. Does nothing unless running.</summary>
    public async Task PauseAsync(CancellationToken cancel = default)
    {
        await _control.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            if (_runTask is null) return;
            await StopLoopAsync(cancel).ConfigureAwait(false);
            SetState(MqttSourceState.Paused);
        }
        finally
        {
            _control.Release();
        }
    }

    /// <summary>Resumes a paused source (reconnects; the broker delivers what it queued). Does nothing unless paused.</summary>
    public async Task ResumeAsync(CancellationToken cancel = default)
    {
        await _control.WaitAsync(cancel).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_state != MqttSourceState.Paused) return;
            await StartLoopAsync(cancel).ConfigureAwait(false);
        }
        finally
        {
            _control.Release();
        }
    }

    /// <summary>Stops (see <see cref="StopAsync"/>) and releases the source.</summary>
    public async ValueTask DisposeAsync()
    {
        await _control.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed) return;
            _disposed = true;
            await StopLoopAsync(CancellationToken.None).ConfigureAwait(false);
            SetState(MqttSourceState.Stopped);
        }
        finally
        {
            _control.Release();
        }
    }

    private async Task StartLoopAsync(CancellationToken cancel)
    {
        _stopping = false;
        var run = new CancellationTokenSource();
        var firstAttempt = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _run = run;
        _runTask = Task.Run(() => RunAsync(firstAttempt, run.Token), CancellationToken.None);
        await firstAttempt.Task.WaitAsync(cancel).ConfigureAwait(false);
    }

    private async Task StopLoopAsync(CancellationToken cancel)
    {
        if (_runTask is not { } runTask || _run is not { } run) return;
        _stopping = true;
        await DrainAsync(cancel).ConfigureAwait(false);
        await run.CancelAsync().ConfigureAwait(false);
        try
        {
            await runTask.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
        run.Dispose();
        _run = null;
        _runTask = null;
    }

    /// <summary>Waits until every message handed to the sink was acknowledged, or the drain timeout passed.</summary>
    private async Task DrainAsync(CancellationToken cancel)
    {
        Task drained;
        lock (_drainGate)
        {
            if (Interlocked.Read(ref _inFlight) == 0) return;
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            drained = _drained.Task;
        }
        try
        {
            await drained.WaitAsync(_options.DrainTimeout, _time, cancel).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _log.LogInformation("MQTT source {Source}: {Count} messages still in flight after {Timeout}; the broker will deliver them again",
                Source, Interlocked.Read(ref _inFlight), _options.DrainTimeout);
        }
    }

    private async Task RunAsync(TaskCompletionSource firstAttempt, CancellationToken stop)
    {
        var failures = 0;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                SetState(MqttSourceState.Connecting);
                var connected = await RunConnectionAsync(firstAttempt, stop).ConfigureAwait(false);
                if (stop.IsCancellationRequested) break;
                failures = connected ? 0 : failures + 1;
                SetState(MqttSourceState.Disconnected);
                firstAttempt.TrySetResult();
                await Task.Delay(Backoff.Delay(_options.ReconnectMinDelay, _options.ReconnectMaxDelay, failures, _options.ClientId), _time, stop)
                    .ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        finally
        {
            firstAttempt.TrySetResult();
        }
    }

    /// <summary>One connection: connect, subscribe, wait until it is lost or the source stops. Returns whether it connected.</summary>
    private async Task<bool> RunConnectionAsync(TaskCompletionSource firstAttempt, CancellationToken stop)
    {
        var client = _factory.CreateMqttClient();
        var lost = new TaskCompletionSource<MqttClientDisconnectedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        client.ApplicationMessageReceivedAsync += e => OnMessageAsync(e, client, stop);
        client.DisconnectedAsync += e =>
        {
            lost.TrySetResult(e);
            return Task.CompletedTask;
        };
        var connected = false;
        // Current before CONNACK: a resumed session starts delivering as soon as the broker accepted the connection.
        _client = client;
        try
        {
            using (var attempt = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                attempt.CancelAfter(_options.ConnectTimeout);
                try
                {
                    var result = await client.ConnectAsync(BuildClientOptions(), attempt.Token).ConfigureAwait(false);
                    if (result.ResultCode != MqttClientConnectResultCode.Success)
                        throw new MqttSourceException($"the broker refused the connection: {result.ResultCode}{Reason(result.ReasonString)}");
                    await SubscribeAsync(client, attempt.Token).ConfigureAwait(false);
                    lock (_drainGate)
                    {
                        _connectedSince = _time.GetUtcNow();
                        _sessionPresent = result.IsSessionPresent;
                    }
                }
                catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                {
                    throw new MqttSourceException($"no answer from {_options.Address} within {_options.ConnectTimeout.TotalSeconds:0.#} s");
                }
            }
            connected = true;
            Interlocked.Increment(ref _connects);
            _log.LogInformation("MQTT source {Source} connected to {Address} as {ClientId} (session {Session})",
                Source, _options.Address, _options.ClientId, _sessionPresent ? "resumed" : "new");
            SetState(MqttSourceState.Connected);
            firstAttempt.TrySetResult();
            var gone = await lost.Task.WaitAsync(stop).ConfigureAwait(false);
            RecordError($"connection to {_options.Address} lost: {Describe(gone)}");
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            RecordError(connected
                ? $"connection to {_options.Address} failed: {Describe(e)}"
                : $"cannot connect to {_options.Address}: {Describe(e)}");
        }
        finally
        {
            _client = null;
            lock (_drainGate) _connectedSince = null;
            await CloseAsync(client).ConfigureAwait(false);
        }
        return connected;
    }

    private async Task SubscribeAsync(IMqttClient client, CancellationToken cancel)
    {
        var qos = _options.QualityOfService == 0 ? MqttQualityOfServiceLevel.AtMostOnce : MqttQualityOfServiceLevel.AtLeastOnce;
        var builder = _factory.CreateSubscribeOptionsBuilder();
        foreach (var topic in _options.Topics)
            builder.WithTopicFilter(f => f.WithTopic(topic).WithQualityOfServiceLevel(qos)
                // Re-subscribing on every connection keeps the subscription list current; retained messages are sent only
                // for a subscription the session did not have yet.
                .WithRetainHandling(MqttRetainHandling.SendAtSubscribeIfNewSubscriptionOnly));
        var result = await client.SubscribeAsync(builder.Build(), cancel).ConfigureAwait(false);
        var refused = result.Items
            .Where(i => i.ResultCode is not (MqttClientSubscribeResultCode.GrantedQoS0 or MqttClientSubscribeResultCode.GrantedQoS1
                or MqttClientSubscribeResultCode.GrantedQoS2))
            .Select(i => $"'{i.TopicFilter.Topic}' ({i.ResultCode})")
            .ToList();
        if (refused.Count > 0)
            throw new MqttSourceException($"the broker refused the subscription to {string.Join(", ", refused)}{Reason(result.ReasonString)}");
        var downgraded = result.Items.Where(i => qos == MqttQualityOfServiceLevel.AtLeastOnce && i.ResultCode == MqttClientSubscribeResultCode.GrantedQoS0).ToList();
        foreach (var item in downgraded)
            _log.LogWarning("MQTT source {Source}: the broker granted only QoS 0 for '{Topic}': messages on it may be lost", Source, item.TopicFilter.Topic);
    }

    private MqttClientOptions BuildClientOptions()
    {
        var address = _options.Address;
        var builder = _factory.CreateClientOptionsBuilder()
            .WithTcpServer(address.Host, address.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(_options.ClientId)
            .WithCleanStart(_options.CleanStart)
            .WithSessionExpiryInterval((uint)_options.SessionExpiry.TotalSeconds)
            .WithKeepAlivePeriod(_options.KeepAlive)
            .WithReceiveMaximum((ushort)_options.ReceiveMaximum)
            .WithTimeout(_options.ConnectTimeout);
        if (address.UserName is { } user)
        {
            string? password = null;
            if (_options.PasswordVariable is { } variable)
            {
                password = Environment.GetEnvironmentVariable(variable);
                if (password is null)
                    throw new MqttSourceException($"the password variable {variable} (passwordEnv) is not set in TwinLab's environment");
            }
            builder.WithCredentials(user, password);
        }
        // Plain TCP goes through a stream that sends queued PUBACKs together (TLS keeps MQTTnet's own stream).
        if (!address.UseTls && _options.CoalesceWrites) builder.WithStreamProvider(new CoalescingStreamProvider());
        if (address.UseTls)
            builder.WithTlsOptions(t => t.UseTls().WithTargetHost(address.Host).WithAllowUntrustedCertificates(_options.AllowUntrustedCertificates)
                .WithIgnoreCertificateChainErrors(_options.AllowUntrustedCertificates));
        return builder.Build();
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e, IMqttClient client, CancellationToken stop)
    {
        // Never let MQTTnet acknowledge on its own: the PUBACK waits until the message's fate is durable.
        e.AutoAcknowledge = false;
        Interlocked.Increment(ref _received);
        if (_stopping || !ReferenceEquals(_client, client))
            return; // stopping: left unacknowledged, so the broker delivers it again on the next connection
        var message = e.ApplicationMessage;
        var topic = message.Topic;
        var inbound = new InboundMessage(Source, topic, message.Payload.ToArray(), "topic " + topic, _time.GetUtcNow())
        {
            Key = KeyOf(message),
            Acknowledge = message.QualityOfServiceLevel == MqttQualityOfServiceLevel.AtMostOnce
                ? _ =>
                {
                    Settle(acknowledged: true);
                    return ValueTask.CompletedTask;
                }
                : _ => AcknowledgeAsync(e, client),
        };
        Interlocked.Increment(ref _inFlight);
        try
        {
            await _sink.SubmitAsync(inbound, stop).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Settle(acknowledged: false);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Settle(acknowledged: false);
            RecordError($"could not hand the message on '{topic}' to ingest: {ex.Message}");
        }
    }

    private async ValueTask AcknowledgeAsync(MqttApplicationMessageReceivedEventArgs e, IMqttClient client)
    {
        var sent = false;
        try
        {
            // On a lost connection the PUBACK cannot go out; the broker redelivers the message on the next connection
            // (a fresh client) and the pipeline recognises it as a duplicate.
            if (client.IsConnected)
            {
                await e.AcknowledgeAsync(CancellationToken.None).ConfigureAwait(false);
                sent = true;
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            _log.LogDebug(ex, "MQTT source {Source}: PUBACK not sent (connection closing)", Source);
        }
        finally
        {
            Settle(sent);
        }
    }

    private void Settle(bool acknowledged)
    {
        if (acknowledged) Interlocked.Increment(ref _acknowledged);
        if (Interlocked.Decrement(ref _inFlight) == 0)
        {
            TaskCompletionSource? drained;
            lock (_drainGate)
            {
                drained = Interlocked.Read(ref _inFlight) == 0 ? _drained : null;
                if (drained is not null) _drained = null;
            }
            drained?.TrySetResult();
        }
    }

    private string? KeyOf(MqttApplicationMessage message)
    {
        if (_options.MessageIdProperty is not { } name || message.UserProperties is not { Count: > 0 } properties) return null;
        foreach (var property in properties)
            if (string.Equals(property.Name, name, StringComparison.Ordinal))
                return property.ReadValueAsString();
        return null;
    }

    private async Task CloseAsync(IMqttClient client)
    {
        try
        {
            if (client.IsConnected)
            {
                // A normal DISCONNECT keeps the session (its expiry was set at CONNECT) and suppresses any will message.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await client.DisconnectAsync(_factory.CreateClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(),
                    timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _log.LogDebug(e, "MQTT source {Source}: disconnect was not clean", Source);
        }
        finally
        {
            client.Dispose();
        }
    }

    private void SetState(MqttSourceState state)
    {
        if (_state == state) return;
        _state = state;
        try
        {
            StateChanged?.Invoke(this, state);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _log.LogWarning(e, "MQTT source {Source}: a StateChanged handler failed", Source);
        }
    }

    private void RecordError(string message)
    {
        Interlocked.Increment(ref _errors);
        lock (_drainGate)
        {
            _lastError = message;
            _lastErrorTime = _time.GetUtcNow();
        }
        _log.LogWarning("MQTT source {Source}: {Error}", Source, message);
    }

    private static string Describe(MqttClientDisconnectedEventArgs e)
    {
        var why = e.Exception is { } ex ? Describe(ex)
            : e.Reason == MqttClientDisconnectReason.NormalDisconnection ? "the broker closed the connection"
            : $"the broker disconnected: {e.Reason}";
        return e.ReasonString is { Length: > 0 } text ? $"{why} ({text})" : why;
    }

    private static string Describe(Exception e)
    {
        var inner = e;
        while (inner.InnerException is { } next && (inner is MQTTnet.Exceptions.MqttCommunicationException or MQTTnet.Adapter.MqttConnectingFailedException))
            inner = next;
        return inner.Message;
    }

    private static string Reason(string? text) => string.IsNullOrEmpty(text) ? "" : $" ({text})";
}
