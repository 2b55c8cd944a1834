using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using TwinLab.Server;
using TwinLab.Server.Security;

namespace TwinLab.Dashboard.Tests;

/// <summary>The dashboard respects the API's authentication: on a server that is not <c>--dev</c> it shows no data until the
/// user signs in with an API key, refuses a wrong one with the server's reason, and keeps the key out of URLs.</summary>
[Collection(DashboardCollection.Name)]
public sealed class AuthenticationTests(DashboardFixture fixture)
{
    [SkippableFact]
    public async Task A_server_that_needs_a_token_gets_one_from_the_sign_in_dialog_and_never_in_a_url()
    {
        Skip.If(fixture.Browser is null, DashboardFixture.SkipReason);
        var dir = Directory.CreateTempSubdirectory("twinlab-dashboard-auth-").FullName;
        var app = TwinLabServer.Build(new ServerSettings(Path.Combine(dir, "auth.db"), Dev: false, ["http://127.0.0.1:0"]));
        await app.StartAsync();
        var context = await fixture.Browser!.NewContextAsync();
        try
        {
            var key = app.Services.GetRequiredService<ApiKeyStore>().Create("browser").Key;
            // Nothing is readable without a grant: the signed-in dashboard needs READ to list the branches.
            app.Services.GetRequiredService<TwinLab.Core.Security.PolicyStore>().Add("browser", "key:browser",
                TwinLab.Core.Security.Permissions.Read, TwinLab.Core.Security.PolicyResource.Everything, revoke: false);
            var baseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
            var page = await context.NewPageAsync();
            var urls = new List<string>();
            var statuses = new List<int>();
            page.Request += (_, r) => urls.Add(r.Url);
            page.Response += (_, r) => { if (r.Url.Contains("/branches", StringComparison.Ordinal)) statuses.Add(r.Status); };
            await page.GotoAsync(baseUrl + "/dashboard/#/explorer");

            var dialog = page.Locator("dialog#login");
            await Assertions.Expect(dialog).ToBeVisibleAsync(new() { Timeout = 30_000 });
            await page.FillAsync("#login-token", "tlk_0000000000000000_wrong");
            await page.ClickAsync("#login-form button[type=submit]");
            await Assertions.Expect(page.Locator("#login-reason")).ToContainTextAsync("not valid", new() { Timeout = 30_000 });

            await page.FillAsync("#login-token", key);
            await page.ClickAsync("#login-form button[type=submit]");
            await page.WaitForFunctionAsync("() => document.getElementById('page').getAttribute('aria-busy') === 'false'");
            await Assertions.Expect(page.Locator("#branch option[value=main]")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#sign-in")).ToHaveTextAsync("Sign out");
            Assert.Contains(200, statuses);
            Assert.Contains(401, statuses);
            Assert.DoesNotContain(urls, u => u.Contains(key, StringComparison.Ordinal) || u.Contains("tlk_", StringComparison.Ordinal));
        }
        finally
        {
            await context.CloseAsync();
            await app.StopAsync();
            await app.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { }
        }
    }
}
