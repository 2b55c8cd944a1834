using System.Net;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TwinLab.Dashboard.Tests;

/// <summary>History (#/history/ID) with time travel, and branches (#/branches): create, diff side by side, merge conflicts, discard.</summary>
[Collection(DashboardCollection.Name)]
public sealed class HistoryBranchesPageTests(DashboardFixture fixture)
{
    [SkippableFact]
    public async Task History_lists_a_patch_and_time_travel_shows_the_old_value_beside_the_new()
    {
        Skip.If(DashboardFixture.Chromium is null, DashboardFixture.SkipReason);
        var api = new TwinApi(fixture);
        var id = TwinApi.Unique("hi");
        await api.PutRoomAsync(id, "History test room", 4);
        await api.PatchAsync(id, "capacity", 9);

        await using var page = await fixture.OpenAsync("history/" + id);
        var p = page.Page;
        var entries = p.Locator(".hi-timeline .hi-entry");
        await Expect(entries).ToHaveCountAsync(2);
        await Expect(entries.First).ToContainTextAsync("Twin.Update");
        await Expect(entries.First).ToContainTextAsync("capacity → 9");
        await Expect(entries.Nth(1)).ToContainTextAsync("Twin.Create");

        // The page opens on the state before the last change: the old value beside the new one, marked as changed.
        var row = p.Locator(".hi-table tr[data-path='capacity']");
        await Expect(row.Locator(".hi-then-value")).ToHaveTextAsync("4");
        await Expect(row.Locator(".hi-now-value")).ToHaveTextAsync("9");
        await Expect(row).ToHaveClassAsync("changed");
        await Expect(row).ToContainTextAsync("changed");
        await Expect(p.Locator(".hi-table tr[data-path='name']")).Not.ToHaveClassAsync("changed");
        await page.ScreenshotAsync("history");

        // Choosing the newest change shows no difference; a time before the twin existed shows that it did not.
        await entries.First.Locator("button").ClickAsync();
        await Expect(row.Locator(".hi-then-value")).ToHaveTextAsync("9");
        await Expect(row).Not.ToHaveClassAsync("changed");
        await p.FillAsync("#hi-time", "2020-01-01T00:00");
        await p.GetByRole(AriaRole.Button, new() { Name = "Show as of this time" }).ClickAsync();
        page.Allowed.Add("status of 404");
        await Expect(p.Locator(".hi-missing")).ToContainTextAsync("did not exist");
        await Expect(row.Locator(".hi-then-value")).ToHaveTextAsync("—");
    }

    [SkippableFact]
    public async Task History_without_a_twin_offers_a_picker()
    {
        await using var page = await fixture.OpenAsync("history");
        var p = page.Page;
        await p.FillAsync("#hi-twin", "room-001");
        await p.GetByRole(AriaRole.Button, new() { Name = "Show history" }).ClickAsync();
        await page.WaitRenderedAsync();
        await Expect(p.Locator(".hi-timeline .hi-entry").Last).ToContainTextAsync("Twin.Create");
    }

    [SkippableFact]
    public async Task A_branch_created_in_the_page_shows_its_diff_side_by_side_and_is_discarded()
    {
        Skip.If(DashboardFixture.Chromium is null, DashboardFixture.SkipReason);
        var api = new TwinApi(fixture);
        var id = TwinApi.Unique("br");
        var name = TwinApi.Unique("ui-test");
        await api.PutRoomAsync(id, "Branch test room", 4);

        await using var page = await fixture.OpenAsync("branches");
        var p = page.Page;
        await Expect(p.Locator("table.data")).ToContainTextAsync("main");
        await p.FillAsync("#br-name", name);
        await p.SelectOptionAsync("#br-from", "main");
        await p.GetByRole(AriaRole.Button, new() { Name = "Create branch" }).ClickAsync();
        await p.Locator("dialog.br-confirm").GetByRole(AriaRole.Button, new() { Name = "Create branch" }).ClickAsync();
        await Expect(p).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"#/branches/{name}$"), new() { Timeout = 60_000 });
        await page.WaitRenderedAsync();
        await Expect(p.Locator(".br-same")).ToBeVisibleAsync();

        await api.PatchAsync(id, "capacity", 9, branch: name);
        await api.PutRoomAsync(id + "-new", "Only on the branch", 2, branch: name);
        await p.ReloadAsync();
        await page.WaitRenderedAsync();
        var changed = p.Locator($".br-diff tr[data-twin='{id}'][data-path='capacity']");
        await Expect(changed.Locator(".br-parent")).ToHaveTextAsync("4");
        await Expect(changed.Locator(".br-branch")).ToHaveTextAsync("9");
        await Expect(p.Locator($".br-diff tr[data-twin='{id}-new']").First).ToContainTextAsync("added on the branch");
        await Expect(p.Locator(".br-diff thead")).ToContainTextAsync("main (parent)");
        await page.ScreenshotAsync("branches");

        await p.GetByRole(AriaRole.Button, new() { Name = "Discard branch" }).ClickAsync();
        var dialog = p.Locator("dialog.br-confirm");
        await Expect(dialog).ToContainTextAsync("cannot be undone");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Discard" }).ClickAsync();
        await Expect(p).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("#/branches$"), new() { Timeout = 60_000 });
        await page.WaitRenderedAsync();
        var branches = await api.GetAsync("/branches");
        Assert.DoesNotContain(branches.GetProperty("value").EnumerateArray(), b => b.GetProperty("name").GetString() == name);
        Assert.Equal(HttpStatusCode.NotFound, await api.StatusAsync(HttpMethod.Get, $"/digitaltwins/{id}?branch={name}"));
    }

    [SkippableFact]
    public async Task Merging_a_branch_that_conflicts_with_its_parent_lists_the_conflicts_and_applies_nothing()
    {
        Skip.If(DashboardFixture.Chromium is null, DashboardFixture.SkipReason);
        var api = new TwinApi(fixture);
        var id = TwinApi.Unique("mc");
        var name = TwinApi.Unique("ui-merge");
        await api.PutRoomAsync(id, "Merge test room", 4);
        await api.SendAsync(HttpMethod.Post, "/branches", $$"""{"name":"{{name}}"}""");
        await api.PatchAsync(id, "capacity", 9, branch: name);
        await api.PatchAsync(id, "capacity", 6);

        await using var page = await fixture.OpenAsync("branches/" + name);
        var p = page.Page;
        page.Allowed.Add("status of 409");
        await p.GetByRole(AriaRole.Button, new() { Name = "Merge into main" }).ClickAsync();
        await p.Locator("dialog.br-confirm").GetByRole(AriaRole.Button, new() { Name = "Merge" }).ClickAsync();
        var conflicts = p.Locator(".br-conflicts");
        await Expect(conflicts).ToContainTextAsync("Nothing was applied", new() { Timeout = 60_000 });
        await Expect(conflicts.Locator("tbody")).ToContainTextAsync(id);
        Assert.Equal(6, (await api.GetAsync($"/digitaltwins/{id}")).GetProperty("capacity").GetInt32());
        await api.SendAsync(HttpMethod.Delete, $"/branches/{name}");
    }
}
