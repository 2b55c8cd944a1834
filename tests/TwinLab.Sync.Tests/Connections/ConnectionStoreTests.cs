using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using TwinLab.Core.Errors;
using TwinLab.Core.Twins;
using TwinLab.Sync.Connections;

namespace TwinLab.Sync.Tests.Connections;

public sealed class ConnectionStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static ConnectionDefinition Mqtt(string id, string broker = "mqtt://127.0.0.1:1883", params string[] topics) =>
        new(id, ConnectionTypes.Mqtt, LiveTwin.Mapping, "readings.yaml")
        {
            Mqtt = new MqttSettings(broker, topics.Length == 0 ? ["plant/+/telemetry"] : topics, ConnectionValidation.DefaultClientId(id)),
        };

    private static TwinLabException Refused(Action action, string code = ErrorCodes.InvalidArgument)
    {
        var e = Assert.ThrowsAny<TwinLabException>(action);
        Assert.Equal(code, e.Code);
        return e;
    }

    [Fact]
    public void Add_List_Pause_Resume_Remove_RoundTripThroughTheStore()
    {
        var time = new FakeTimeProvider(T0);
        var documents = new InMemoryTwinStore();
        var store = new ConnectionStore(documents, time);
        store.Add(Mqtt("plant"));
        time.Advance(TimeSpan.FromSeconds(1));
        store.Add(LiveTwin.Http("lab") with { Paused = true });

        // Another ConnectionStore on the same documents (another process) sees exactly what was stored.
        var other = new ConnectionStore(documents, time);
        Assert.Equal(["lab", "plant"], other.List().Select(c => c.Id));
        var plant = other.Get("plant");
        Assert.Equal(["plant/+/telemetry"], plant.Mqtt!.Topics);
        Assert.Equal("twinlab-plant", plant.Mqtt.ClientId);
        Assert.Equal(1, plant.Mqtt.Qos);
        Assert.Equal(LiveTwin.Mapping, plant.Mapping);
        Assert.Equal(T0, plant.Created);
        Assert.True(other.Get("lab").Paused);

        time.Advance(TimeSpan.FromSeconds(1));
        Assert.True(store.Pause("plant").Paused);
        Assert.Equal(T0.AddSeconds(2), other.Get("plant").Updated);
        Assert.Equal(T0, other.Get("plant").Created);
        Assert.False(store.Resume("plant").Paused);
        Assert.True(plant.SameSourceAs(other.Get("plant")));

        store.Remove("lab");
        Assert.Null(other.Find("lab"));
        Refused(() => store.Remove("lab"), ConnectionStore.ConnectionNotFound);
        Refused(() => store.Pause("nope"), ConnectionStore.ConnectionNotFound);
    }

    [Fact]
    public void Add_Duplicate_IsRefused_AndPutReplacesKeepingTheCreationTime()
    {
        var time = new FakeTimeProvider(T0);
        var store = new ConnectionStore(new InMemoryTwinStore(), time);
        store.Add(Mqtt("plant"));
        var e = Refused(() => store.Add(LiveTwin.Http("plant")), ConnectionStore.ConnectionAlreadyExists);
        Assert.Contains("'plant' already exists", e.Message);
        Assert.Equal(ConnectionTypes.Mqtt, store.Get("plant").Type);

        time.Advance(TimeSpan.FromMinutes(1));
        var (replaced, created) = store.Put(Mqtt("plant", "mqtt://10.0.0.5:1884", "site/#"));
        Assert.False(created);
        Assert.Equal(T0, replaced.Created);
        Assert.Equal(T0.AddMinutes(1), replaced.Updated);
        Assert.Equal(["site/#"], store.Get("plant").Mqtt!.Topics);
        Assert.False(replaced.SameSourceAs(Mqtt("plant")));
        Assert.True(store.Put(LiveTwin.Http("new")).Created);

        // A bad replacement is refused and the connection stays as it was.
        Refused(() => store.Put(Mqtt("plant", "mqtt://10.0.0.5:1884", "a/#/b")));
        Assert.Equal(["site/#"], store.Get("plant").Mqtt!.Topics);
    }

    [Fact]
    public void Add_BadMapping_NamesTheMappingFileAndLine_AndStoresNothing()
    {
        var store = new ConnectionStore(new InMemoryTwinStore());
        var bad = LiveTwin.Http("lab") with
        {
            Mapping = """
                rules:
                  - twin: $.device
                    telemetry:
                      temperature: { frm: $.t }
                """,
        };
        var e = Refused(() => store.Add(bad), ConnectionValidation.MappingInvalid);
        Assert.Contains("Connection 'lab'", e.Message);
        Assert.Contains("readings.yaml:4:", e.Message);
        Assert.Contains("frm", e.Message);
        Assert.Empty(store.List());
    }

    [Theory]
    [InlineData("bad id", "Connection id 'bad id' is not valid")]
    [InlineData("-x", "Connection id '-x' is not valid")]
    public void Add_BadId_IsRefused(string id, string message)
    {
        var e = Refused(() => new ConnectionStore(new InMemoryTwinStore()).Add(LiveTwin.Http(id)));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Add_BadSettings_NameTheField()
    {
        var store = new ConnectionStore(new InMemoryTwinStore());
        Assert.Contains("mqtt.broker", Refused(() => store.Add(Mqtt("a", "http://broker"))).Message);
        Assert.Contains("mqtt.topics[1] 'a/#/b'", Refused(() => store.Add(Mqtt("a", "mqtt://h", "ok/+", "a/#/b"))).Message);
        Assert.Contains("mqtt.qos", Refused(() => store.Add(Mqtt("a") with { Mqtt = Mqtt("a").Mqtt! with { Qos = 2 } })).Message);
        Assert.Contains("mqtt.passwordEnv", Refused(() => store.Add(Mqtt("a") with { Mqtt = Mqtt("a").Mqtt! with { PasswordVariable = "1BAD" } })).Message);
        Assert.Contains("mqtt is required", Refused(() => store.Add(new ConnectionDefinition("a", ConnectionTypes.Mqtt, LiveTwin.Mapping, "m.yaml"))).Message);
        Assert.Contains("folder.path", Refused(() => store.Add(new ConnectionDefinition("a", ConnectionTypes.Folder, LiveTwin.Mapping, "m.yaml")
        {
            Folder = new FolderSettings("relative/dir", "*.csv"),
        })).Message);
        Assert.Contains("folder.glob", Refused(() => store.Add(new ConnectionDefinition("a", ConnectionTypes.Folder, LiveTwin.Mapping, "m.yaml")
        {
            Folder = new FolderSettings(Path.GetTempPath(), "sub/*.csv"),
        })).Message);
        Assert.Contains("'ftp' is not a connection type", Refused(() => store.Add(new ConnectionDefinition("a", "ftp", LiveTwin.Mapping, "m.yaml"))).Message);
        Assert.Contains("mqtt is only for mqtt", Refused(() => store.Add(LiveTwin.Http("a") with { Mqtt = Mqtt("a").Mqtt })).Message);
        Assert.Empty(store.List());
    }

    [Fact]
    public void Json_RoundTrips_AndBadJsonNamesTheField()
    {
        var c = Mqtt("plant") with { Mqtt = Mqtt("plant").Mqtt! with { PasswordVariable = "PLANT_PW", Qos = 0 }, Paused = true, Created = T0, Updated = T0 };
        var json = ConnectionJson.ToJson(c).ToJsonString();
        var back = ConnectionJson.Parse(json, "plant");
        Assert.True(back.SameSourceAs(c));
        Assert.Equal(c.Paused, back.Paused);
        Assert.Equal(c.Created, back.Created);

        static string Error(string body)
        {
            using var doc = JsonDocument.Parse(body);
            return Assert.ThrowsAny<TwinLabException>(() => ConnectionJson.FromJson(doc.RootElement, "x")).Message;
        }
        Assert.Contains("type is required", Error("""{"mapping":"rules: []"}"""));
        Assert.Contains("mqtt.topics[1] must be a string", Error("""{"type":"mqtt","mapping":"m","mqtt":{"broker":"mqtt://h","topics":["a",3]}}"""));
        Assert.Contains("id 'y' does not match", Error("""{"id":"y","type":"http","mapping":"m"}"""));
        Assert.Contains("paused must be true or false", Error("""{"type":"http","mapping":"m","paused":"yes"}"""));
    }

    [Fact]
    public void StateOf_UsesTheStatusWhileFresh_ThenNotRunningOrPaused()
    {
        var time = new FakeTimeProvider(T0);
        var store = new ConnectionStore(new InMemoryTwinStore(), time);
        var c = store.Add(LiveTwin.Http("lab"));
        Assert.Equal(ConnectionStates.NotRunning, store.StateOf(c, store.StatusOf("lab")));
        store.SaveStatus(new ConnectionStatus("lab", ConnectionStates.Running, "pid 1 on test", T0) { Received = 5, LastError = "boom" });
        var status = store.StatusOf("lab")!;
        Assert.Equal(5, status.Received);
        Assert.Equal("boom", status.LastError);
        Assert.Equal(ConnectionStates.Running, store.StateOf(c, status));
        time.Advance(ConnectionStore.StaleAfter + TimeSpan.FromSeconds(1));
        Assert.Equal(ConnectionStates.NotRunning, store.StateOf(c, status));
        Assert.Equal(ConnectionStates.Paused, store.StateOf(c with { Paused = true }, status));
        store.Remove("lab");
        Assert.Null(store.StatusOf("lab"));
    }
}
