using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using TwinLab.Core.Application;
using TwinLab.Core.Models;
using TwinLab.Core.Twins;
using TwinLab.Server.Events;
using TwinLab.Server.Routing;
using TwinLab.Server.Routing.Delivery;
using TwinLab.Storage.Sqlite;
using TwinLab.Sync.DeadLetters;

namespace TwinLab.Server.Tests.Delivery;

/// <summary>
/// Route delivery without the web host: a twin service on a temporary SQLite file, the stores, and a running
/// <see cref="RouteDeliveryService"/> on a given clock (a <c>FakeTimeProvider</c> makes minutes of backoff pass at once).
/// <see cref="RestartAsync"/> stops everything and opens the same file again, as a server restart does.
/// </summary>
public sealed class DeliveryHarness : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("twinlab-delivery-").FullName;
    private readonly TimeProvider _time;
    private readonly RouteDeliveryOptions _options;

    private DeliveryHarness(TimeProvider time, RouteDeliveryOptions options)
    {
        _time = time;
        _options = options;
    }

    public string Db => Path.Combine(_dir, "delivery.db");
    public TwinService Service { get; private set; } = null!;
    public EventRouteStore Routes { get; private set; } = null!;
    public EndpointStore Endpoints { get; private set; } = null!;
    public DeliveryStateStore States { get; private set; } = null!;
    public RoutedEventOutbox Outbox { get; private set; } = null!;
    public DeadLetterStore DeadLetters { get; private set; } = null!;
    internal RouteDeliveryService Delivery { get; private set; } = null!;

    public static async Task<DeliveryHarness> StartAsync(TimeProvider? time = null, RouteDeliveryOptions? options = null)
    {
        var harness = new DeliveryHarness(time ?? TimeProvider.System, options ?? new RouteDeliveryOptions { JitterSeed = 20261201, PollInterval = TimeSpan.FromMilliseconds(200) });
        await harness.OpenAsync();
        return harness;
    }

    private async Task OpenAsync()
    {
        Service = new TwinService(SqliteTwinStore.Open(Db), _time);
        Routes = new EventRouteStore(Service, _time);
        Endpoints = new EndpointStore(Service.Store, _time);
        States = new DeliveryStateStore(Service.Store);
        Outbox = new RoutedEventOutbox(Service.Store, _time);
        DeadLetters = new DeadLetterStore(Service.Store, _time);
        Delivery = new RouteDeliveryService(Service, Routes, Endpoints, States, Outbox, DeadLetters, () => new EventOrigin("twins.test", null),
            _options, _time, NullLogger<RouteDeliveryService>.Instance);
        await Delivery.StartAsync(CancellationToken.None);
    }

    public async Task StopAsync()
    {
        await Delivery.StopAsync(CancellationToken.None);
        Delivery.Dispose();
        Service.Dispose();
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await OpenAsync();
    }

    /// <summary>The Sensor/Battery/Room models of the event tests.</summary>
    public void ImportModels() =>
        Service.Write(g => g.ImportModels([new DtdlSource(Adt.RoomModel), new DtdlSource(EventModels.Battery), new DtdlSource(EventModels.Sensor)]));

    public Twin CreateSensor(string id, double level) =>
        Service.Write(g => g.CreateOrReplaceTwin(id, JsonDocument.Parse(EventModels.SensorTwin(level)).RootElement.Clone()));

    public Twin Patch(string id, string patch) => Service.Write(g => g.UpdateTwin(id, JsonPatchDocument.Parse(patch)));

    public void Telemetry(string id, string message) =>
        Service.Write(g => g.AppendTelemetry(id, null, JsonDocument.Parse(message).RootElement.Clone(), null));

    public EndpointDefinition Webhook(string name, string url, RetryPolicy? retry = null, string? mode = null, IReadOnlyDictionary<string, string>? headers = null) =>
        Endpoints.Put(new EndpointDefinition(name, EndpointTypes.Webhook) { Url = url, Retry = retry, ContentMode = mode, Headers = headers, TimeoutSeconds = 5 });

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (ObjectDisposedException)
        {
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
