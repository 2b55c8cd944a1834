using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Xunit.Abstractions;

namespace TwinLab.Dashboard.Tests;

/// <summary>
/// Every page checked by axe-core (Deque's accessibility engine, run in the page) against WCAG 2.1 A and AA: no serious
/// or critical violation — missing labels or names, contrast of text, ARIA misuse, keyboard traps, heading and landmark
/// structure. Minor and moderate findings are printed.
/// </summary>
[Collection(DashboardCollection.Name)]
public sealed class AccessibilityTests(DashboardFixture fixture, ITestOutputHelper output)
{
    public static TheoryData<string> Pages =>
    [
        "explorer", "twin/room-001", "history/room-001", "branches", "experiments", "health", "network", "contact", "operations",
    ];

    [SkippableTheory]
    [MemberData(nameof(Pages))]
    public async Task The_page_has_no_serious_or_critical_wcag_violation(string route)
    {
        await using var page = await fixture.OpenAsync(route, width: 1280, height: 720);
        var result = await page.Page.RunAxe(new AxeRunOptions
        {
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        foreach (var v in result.Violations)
            output.WriteLine($"{v.Impact} {v.Id}: {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target?.ToString() ?? "")))}");
        var serious = result.Violations.Where(v => v.Impact is "serious" or "critical").ToArray();
        Assert.True(serious.Length == 0, $"#/{route}: " + string.Join("\n", serious.Select(v =>
            $"{v.Impact} {v.Id}: {v.Help} ({v.Nodes.Length} elements, e.g. {v.Nodes.FirstOrDefault()?.Html})")));
    }
}
