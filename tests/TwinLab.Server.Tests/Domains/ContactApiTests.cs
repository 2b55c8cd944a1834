using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using TwinLab.ContactCenter.Calibration;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Ingest;
using TwinLab.ContactCenter.Twin;
using TwinLab.Core.Application;

namespace TwinLab.Server.Tests.Domains;

/// <summary>A server whose database holds the example contact centre (examples/contact-center), imported and calibrated as the demo does.</summary>
public sealed class ContactServer : IDisposable
{
    public ContactServer()
    {
        Factory = new ServerFactory();
        Client = Factory.CreateClient();
        Client.Timeout = TimeSpan.FromMinutes(5);
        var service = Factory.Services.GetRequiredService<TwinService>();
        var root = Path.Combine(Examples.Root(), "contact-center");
        var roster = RosterFile.Read(Path.Combine(root, "roster.yaml"));
        Log = InteractionLog.Read(Path.Combine(root, "interactions.csv")).Interactions;
        var twin = new ContactCenterTwin(service);
        twin.SaveLog(Log, "interactions.csv");
        twin.SaveRoster(roster, "roster.yaml");
        Model = CenterCalibration.Calibrate(Log, roster).Model;
        twin.SaveModel(Model, "example month");
    }

    public ServerFactory Factory { get; }
    public HttpClient Client { get; }
    public IReadOnlyList<Interaction> Log { get; }
    public CenterModel Model { get; }

    public void Dispose()
    {
        Client.Dispose();
        Factory.Dispose();
    }
}

public sealed class ContactApiTests(ContactServer server) : IClassFixture<ContactServer>
{
    private const string Centre = "/domains/contact/centres/current";

    private async Task<JsonElement> Get(string path)
    {
        var response = await server.Client.GetAsync(Adt.Url(path));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static double[] Series(JsonElement body, string name) =>
        [.. body.GetProperty("series").GetProperty(name).EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? double.NaN : v.GetDouble())];

    [Fact]
    public async Task ListCentres_and_GetCentre_describe_the_calibrated_centre()
    {
        var list = await Get("/domains/contact/centres");
        var centre = Assert.Single(list.GetProperty("value").EnumerateArray());
        Assert.Equal("current", centre.GetProperty("id").GetString());
        var body = await Get(Centre);
        var queues = body.GetProperty("queues").EnumerateArray().ToList();
        Assert.Equal(server.Model.Queues.Count, queues.Count);
        for (var i = 0; i < queues.Count; i++)
        {
            var q = server.Model.Queues[i];
            Assert.Equal(q.Queue, queues[i].GetProperty("queue").GetString());
            Assert.Equal(q.HandleSeconds.Mean, queues[i].GetProperty("handleSeconds").GetDouble(), 1);
            Assert.Equal(q.ArrivalRatesPerHour.Sum() * server.Model.IntervalMinutes / 60.0, queues[i].GetProperty("arrivalsPerWeek").GetDouble(), 1);
        }
        Assert.Equal(server.Model.Roster.Agents.Count, body.GetProperty("roster").GetProperty("agents").GetInt32());
    }

    [Fact]
    public async Task Unknown_centre_is_404_and_an_empty_database_lists_none()
    {
        await Adt.AssertError(await server.Client.GetAsync(Adt.Url("/domains/contact/centres/other")), HttpStatusCode.NotFound, "ContactCentreNotFound");
        await Adt.AssertError(await server.Client.GetAsync(Adt.Url("/domains/contact/centres/other/staffing")), HttpStatusCode.NotFound, "ContactCentreNotFound");
        await Adt.AssertError(await server.Client.GetAsync(Adt.Url("/domains/contact/centres?branch=nope")), HttpStatusCode.NotFound, "BranchNotFound");
        using var empty = new ServerFactory();
        using var client = empty.CreateClient();
        var body = JsonDocument.Parse(await client.GetStringAsync(Adt.Url("/domains/contact/centres"))).RootElement;
        Assert.Equal(0, body.GetProperty("value").GetArrayLength());
        await Adt.AssertError(await client.GetAsync(Adt.Url(Centre + "/load")), HttpStatusCode.NotFound, "ContactCentreNotFound");
    }

    [Fact]
    public async Task Load_counts_every_contact_of_the_log_and_gives_the_calibrated_rates_and_a_forecast()
    {
        var body = await Get(Centre + "/load");
        var week = server.Model.IntervalsPerWeek;
        var perDay = body.GetProperty("intervalsPerDay").GetInt32();
        var mean = Series(body, "observedMean");
        Assert.Equal(week, mean.Length);
        // Σ over the week of (mean per interval × days of that weekday) is every contact in the log's window.
        var days = body.GetProperty("days").EnumerateArray().Select(d => d.GetProperty("observedDays").GetInt32()).ToArray();
        var total = Enumerable.Range(0, week).Sum(i => mean[i] * days[i / perDay]);
        Assert.True(Math.Abs(server.Log.Count - total) < 2, $"{total} counted, {server.Log.Count} in the log");
        var low = Series(body, "observedLow95");
        var high = Series(body, "observedHigh95");
        Assert.All(Enumerable.Range(0, week), i => Assert.True(low[i] <= mean[i] + 1e-9 && mean[i] <= high[i] + 1e-9));
        var fresh = Series(body, "calibratedFresh");
        var expected = Enumerable.Range(0, week).Select(i => server.Model.Queues.Sum(q => q.ArrivalRatesPerHour[i]) * server.Model.IntervalMinutes / 60.0).ToArray();
        Assert.All(Enumerable.Range(0, week), i => Assert.Equal(expected[i], fresh[i], 0.001));
        // With the repeats of unresolved contacts the model expects more than its fresh contacts, as many as the staffing offers.
        var calibrated = Series(body, "calibrated");
        Assert.True(calibrated.Sum() > fresh.Sum() * 1.05, $"{calibrated.Sum()} with repeats vs {fresh.Sum()} fresh");
        var staffing = await Get(Centre + "/staffing");
        Assert.Equal(Series(staffing, "offered").Sum(), calibrated.Sum(), 0.5);
        var forecast = Series(body, "forecast");
        Assert.Equal(week, forecast.Length);
        Assert.True(forecast.Where(double.IsFinite).Sum() > 0);
        Assert.NotNull(body.GetProperty("forecast").GetProperty("method").GetString());

        var skill = server.Model.Queues[0].Queue;
        var one = await Get(Centre + "/load?queue=" + Uri.EscapeDataString(skill));
        var oneTotal = Enumerable.Range(0, week).Sum(i => Series(one, "observedMean")[i] * days[i / perDay]);
        Assert.True(Math.Abs(server.Log.Count(x => x.Queue == skill) - oneTotal) < 2, $"{oneTotal} counted for {skill}");
    }

    [Theory]
    [InlineData("/load?queue=nonsense", "queue")]
    [InlineData("/staffing?target=80", "target")]
    [InlineData("/staffing?target=120/20", "target")]
    [InlineData("/staffing?maxAbandon=abc", "maxAbandon")]
    [InlineData("/staffing?occupancy=150%25", "occupancy")]
    [InlineData("/staffing?shrinkage=1", "shrinkage")]
    [InlineData("/scenarios?replications=1", "replications")]
    [InlineData("/scenarios?days=0", "days")]
    [InlineData("/scenarios?volume=2", "volume")]
    [InlineData("/scenarios?seed=x", "seed")]
    public async Task Bad_parameters_are_400_naming_the_parameter(string path, string parameter)
    {
        var response = await server.Client.GetAsync(Adt.Url(Centre + path));
        await Adt.AssertError(response, HttpStatusCode.BadRequest, "InvalidArgument");
        var message = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString()!;
        Assert.Contains(parameter, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staffing_compares_the_requirement_with_the_roster_and_a_stricter_goal_needs_more()
    {
        var body = await Get(Centre + "/staffing");
        var required = Series(body, "required");
        var onDuty = Series(body, "requiredOnDuty");
        var rostered = Series(body, "rostered");
        var shortfall = Series(body, "shortfall");
        Assert.Equal(server.Model.IntervalsPerWeek, required.Length);
        for (var i = 0; i < required.Length; i++)
        {
            Assert.True(onDuty[i] >= required[i]);
            Assert.Equal(Math.Max(0, onDuty[i] - rostered[i]), shortfall[i], 2);
        }
        Assert.Equal(shortfall.Count(s => s > 1e-9), body.GetProperty("totals").GetProperty("shortfallIntervals").GetInt32());
        var sl = Series(body, "serviceLevel");
        Assert.All(Enumerable.Range(0, required.Length).Where(i => required[i] > 0 && double.IsFinite(sl[i])), i => Assert.True(sl[i] >= 0.8 - 1e-9, $"interval {i}: {sl[i]}"));

        var strict = await Get(Centre + "/staffing?target=90/10");
        Assert.True(strict.GetProperty("totals").GetProperty("requiredAgentHours").GetDouble() > body.GetProperty("totals").GetProperty("requiredAgentHours").GetDouble());
        var skill = server.Model.Queues[0].Queue;
        var one = await Get(Centre + "/staffing?queue=" + Uri.EscapeDataString(skill));
        Assert.True(Series(one, "required").Sum() < required.Sum());
        Assert.Equal(JsonValueKind.Null, one.GetProperty("series").GetProperty("serviceLevel").ValueKind);
    }

    [Fact]
    public async Task Scenarios_are_seeded_and_more_contacts_are_more_offered()
    {
        const string path = Centre + "/scenarios?replications=2&days=1&seed=3&volume=25%25";
        var first = await server.Client.GetStringAsync(Adt.Url(path));
        Assert.Equal(first, await server.Client.GetStringAsync(Adt.Url(path)));
        var body = JsonDocument.Parse(first).RootElement;
        var scenarios = body.GetProperty("scenarios").EnumerateArray().ToDictionary(s => s.GetProperty("id").GetString()!);
        Assert.Equal(new[] { "current", "recommended", "volume" }, scenarios.Keys.Order().ToArray());
        double Kpi(string id, string name) => scenarios[id].GetProperty("kpis").GetProperty(name).GetProperty("mean").GetDouble();
        Assert.True(Kpi("volume", "offered") > Kpi("current", "offered"));
        foreach (var s in scenarios.Values)
        {
            var level = s.GetProperty("kpis").GetProperty("serviceLevel");
            Assert.InRange(level.GetProperty("mean").GetDouble(), 0, 1);
            Assert.True(level.GetProperty("low95").GetDouble() <= level.GetProperty("mean").GetDouble());
            Assert.True(s.GetProperty("agents").GetInt32() > 0);
        }
        Assert.Equal(server.Model.Roster.Agents.Count, scenarios["current"].GetProperty("agents").GetInt32());
    }
}
