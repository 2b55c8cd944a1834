using System.Text.RegularExpressions;
using TwinLab.ContactCenter.Data;
using TwinLab.ContactCenter.Reporting;
using TwinLab.ContactCenter.Tests.Ingest;
using TwinLab.ContactCenter.Tests.Synthetic;
using TwinLab.Simulation.Reports;

namespace TwinLab.ContactCenter.Tests.Reporting;

public sealed partial class ContactCenterReportTests
{
    private static readonly Lazy<string> FullHtml = new(() => ContactCenterReport.RenderHtml(ReportFixture.Full()));

    [Fact]
    public void RenderHtml_EverySection_HasEachSectionAndOneSvgPerChart()
    {
        var html = FullHtml.Value;

        foreach (var id in new[] { "calibration", "intraday-load", "staffing", "simulation" }) Assert.Contains($"<section id=\"{id}\">", html);
        // Four queue × channel pairs with a month of data: a load and a forecast chart each; one staffing chart; four simulation charts.
        var charts = ContactCenterReport.Charts(ReportFixture.Full());
        Assert.Equal(4 * 2 + 1 + 4, charts.Count);
        Assert.Equal(charts.Count, Count(html, "<svg"));
        Assert.Equal(charts.Select(c => c.Name), DataChart().Matches(html).Select(m => m.Groups[1].Value));
        Assert.Equal(charts.Count, charts.Select(c => c.Name).Distinct().Count());
        Assert.Contains("load-billing-phone", charts.Select(c => c.Name));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void RenderHtml_IntradayTable_ShowsTheObservedWeekdayMeanOfTheLog()
    {
        // Computed here from the log itself: billing phone arrivals starting 10:00–10:30 on Mon–Fri, per weekday of the
        // window. The log marks repeats, so calibration (and the chart) count fresh contacts only: the simulator sends
        // unresolved contacts back itself.
        var report = ReportFixture.Calibration;
        var days = Enumerable.Range(0, report.LastDay.DayNumber - report.FirstDay.DayNumber + 1).Select(report.FirstDay.AddDays).ToArray();
        var weekdays = days.Count(d => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));
        var count = SyntheticFixture.Month.Interactions.Count(c => c.Queue == "billing" && c.Channel == Channel.Phone && c.RepeatContact != true
            && c.Arrival.DateTime.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday)
            && c.Arrival.DateTime.Hour == 10 && c.Arrival.DateTime.Minute < 30);
        Assert.True(count > 100, $"only {count} arrivals: the check would be weak");

        var html = FullHtml.Value;

        var section = Between(html, "<h3>billing / Phone</h3>", "<h3>");
        Assert.Contains($"<tr><td>10:00</td><td class=\"num\">{Num.Format((double)count / weekdays)}</td>", section);
        Assert.Contains("Intraday load: billing / Phone, observed mean (95% CI) and fitted NHPP", section);
        Assert.Contains("arrivals per 30-min interval", section);
        Assert.Contains("Forecast: billing / Phone, next 7 days", section);
    }

    [Fact]
    public void RenderHtml_Simulation_KpiTableHoldsTheReplicationMean()
    {
        var runs = ReportFixture.Replications;
        var meanServiceLevel = runs.Average(r => r.Overall.ServiceLevel);
        var meanCost = runs.Average(r => r.Cost);

        var html = FullHtml.Value;

        Assert.Contains($"<tr><td>Service level</td><td></td><td class=\"num\">{Num.Format(meanServiceLevel)}</td>", html);
        Assert.Contains($"<tr><td>Cost</td><td>currency</td><td class=\"num\">{Num.Format(meanCost)}</td>", html);
        Assert.Contains("Service level per interval: mean and 10%–90% band over 3 replications", html);
        Assert.Contains("goal 0.8", html);
        foreach (var queue in runs[0].Queues) Assert.Contains($"<tr><td>{queue.Scope}</td><td>{queue.Channel}</td>", html);
    }

    [Fact]
    public void RenderHtml_Calibration_SummarisesQueuesAndWarnings()
    {
        var report = ReportFixture.Calibration;

        var html = FullHtml.Value;

        var section = Between(html, "<section id=\"calibration\">", "</section>");
        Assert.Contains("What the data could not support", section);
        foreach (var w in report.Warnings) Assert.Contains(Html.Encode($"{w.Subject}: {w.Message}"), section);
        foreach (var q in report.Queues) Assert.Contains($"<tr><td>{q.Queue}</td><td>{q.Channel}</td><td class=\"num\">{q.Rows}</td>", section);
        // The fitted distribution with its parameters at four significant digits, e.g. "lognormal(mu=5.547, sigma=0.5526)".
        var handle = report.Queues[0].Model.HandleSeconds.ToString();
        var mu = double.Parse(Regex.Match(handle, @"mu=([0-9.]+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Contains($"<td>lognormal(mu={Num.Format(mu)}, sigma=", section);
        Assert.Contains("Satisfaction model", section);
        Assert.Contains(Num.Format(report.Satisfaction!.HoldOutRSquared), section);
    }

    [Fact]
    public void RenderHtml_HostileText_IsEscapedEverywhere()
    {
        const string hostile = "<script>alert('x')</script> & \"co\"";
        var perWeek = 7 * 24 * 60 / ReportFixture.IntervalMinutes;
        var content = new ContactCenterReportContent
        {
            Title = hostile,
            Generated = hostile,
            Notes = [hostile],
            Staffing = new StaffingComparison(ReportFixture.IntervalMinutes, [new StaffingSeries(hostile, Enumerable.Repeat(3.0, perWeek).ToArray(), hostile)], []),
            Simulation = new SimulationRuns(hostile, ReportFixture.Replications),
        };

        var html = ContactCenterReport.RenderHtml(content);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;", html);
        Assert.DoesNotContain(" & \"co\"", html);
    }

    [Fact]
    public void RenderHtml_OnlySomeParts_LeavesTheOthersOut()
    {
        var calibrationOnly = ContactCenterReport.RenderHtml(new ContactCenterReportContent { Calibration = ReportFixture.Calibration });
        var simulationOnly = ContactCenterReport.RenderHtml(new ContactCenterReportContent { Simulation = new SimulationRuns("s", ReportFixture.Replications) });
        var nothing = ContactCenterReport.RenderHtml(new ContactCenterReportContent());

        Assert.Contains("<section id=\"intraday-load\">", calibrationOnly);
        Assert.DoesNotContain("<section id=\"staffing\">", calibrationOnly);
        Assert.DoesNotContain("<section id=\"simulation\">", calibrationOnly);
        Assert.Equal(8, Count(calibrationOnly, "<svg"));
        Assert.DoesNotContain("<section id=\"calibration\">", simulationOnly);
        Assert.DoesNotContain("<section id=\"intraday-load\">", simulationOnly);
        Assert.Equal(4, Count(simulationOnly, "<svg"));
        Assert.Contains("Nothing to report", nothing);
        Assert.Equal(0, Count(nothing, "<svg"));
        Assert.Empty(ContactCenterReport.Charts(new ContactCenterReportContent()));
    }

    [Fact]
    public void RenderHtml_SameContent_SameText()
    {
        var content = new ContactCenterReportContent { Simulation = new SimulationRuns("s", ReportFixture.Replications), Generated = "run 42" };

        Assert.Equal(ContactCenterReport.RenderHtml(content), ContactCenterReport.RenderHtml(content));
    }

    [Fact]
    public void WritePngs_Asked_WritesOnePngPerChartBesideTheHtml()
    {
        using var folder = new TempFolder();
        var content = new ContactCenterReportContent { Simulation = new SimulationRuns("s", ReportFixture.Replications) };

        ContactCenterReport.WriteHtml(content, Path.Combine(folder.Path, "out", "report.html"));
        var pngs = ContactCenterReport.WritePngs(content, Path.Combine(folder.Path, "out"));

        Assert.True(File.Exists(Path.Combine(folder.Path, "out", "report.html")));
        Assert.Equal(ContactCenterReport.Charts(content).Select(c => c.Name + ".png"), pngs.Select(Path.GetFileName));
        Assert.All(pngs, p => Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, File.ReadAllBytes(p)[..4]));
        Assert.Empty(ContactCenterReport.WritePngs(new ContactCenterReportContent(), Path.Combine(folder.Path, "none")));
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "none")));
    }

    [Fact]
    public void RenderHtml_StaffingSeriesOfWrongLength_NamesTheSeries()
    {
        var content = new ContactCenterReportContent
        {
            Staffing = new StaffingComparison(30, [new StaffingSeries("erlang", new double[48])], []),
        };

        var error = Assert.Throws<ArgumentException>(() => ContactCenterReport.RenderHtml(content));

        Assert.Contains("'erlang' has 48 values", error.Message);
        Assert.Contains("336", error.Message);
    }

    [Fact]
    public void RenderHtml_NegativeStaffing_NamesTheInterval()
    {
        var values = new double[336];
        values[49] = -1; // Tuesday 00:30
        var content = new ContactCenterReportContent { Staffing = new StaffingComparison(30, [new StaffingSeries("erlang", values)], []) };

        var error = Assert.Throws<ArgumentException>(() => ContactCenterReport.RenderHtml(content));

        Assert.Contains("Tue 00:30", error.Message);
    }

    [Fact]
    public void RenderHtml_Staffing_CountsIntervalsWhereTheScheduleFallsShort()
    {
        var required = ReportFixture.Required();
        var scheduled = new StaffingSeries("rota", required.AgentsPerInterval.Select((v, i) => i == 20 ? v - 4 : v).ToArray());
        var content = new ContactCenterReportContent { Staffing = new StaffingComparison(30, [required], [scheduled]) };

        var html = ContactCenterReport.RenderHtml(content);

        // 10 agents × 12 h × 5 days = 600 agent-hours; one interval 4 short.
        Assert.Contains("<tr><td>all queues</td><td>required (80/20)</td><td>required</td><td class=\"num\">600</td><td class=\"num\">10</td>", html);
        Assert.Contains("<td>rota</td><td>scheduled</td><td class=\"num\">598</td><td class=\"num\">10</td><td class=\"num\">1</td><td class=\"num\">4</td>", html);
        Assert.Equal(1, Count(html, "<svg"));
    }

    private static int Count(string text, string part) => Regex.Count(text, Regex.Escape(part));

    private static string Between(string text, string start, string end)
    {
        var from = text.IndexOf(start, StringComparison.Ordinal);
        Assert.True(from >= 0, $"'{start}' not found");
        var to = text.IndexOf(end, from + start.Length, StringComparison.Ordinal);
        return to < 0 ? text[from..] : text[from..to];
    }

    [GeneratedRegex("data-chart=\"([^\"]+)\"")]
    private static partial Regex DataChart();
}
