using Deque.AxeCore.Playwright;

namespace Mit.Platform.PortalTests;

/// <summary>
/// Runs a browser scenario; when it fails, every open page's screenshot and its context's Playwright trace are kept in
/// portal-artifacts/{test} (open a trace with `playwright show-trace`).
/// </summary>
public abstract class BrowserTest(PortalFixture portal)
{
    private readonly List<IPage> _pages = [];
    protected PortalFixture Portal => portal;

    protected async Task<IPage> As(string persona, string? path = null)
    {
        var page = await portal.SignInAsync(persona, path);
        _pages.Add(page);
        return page;
    }

    protected async Task<IPage> Anonymous(string path, bool javaScript = true)
    {
        var page = await portal.NewPageAsync("anonymous", javaScript);
        _pages.Add(page);
        await page.GotoAsync(path);
        return page;
    }

    protected async Task Scenario(string name, Func<Task> run)
    {
        try
        {
            await run();
            foreach (var page in _pages)
            {
                await page.Context.Tracing.StopAsync();
            }
        }
        catch
        {
            var folder = Path.Combine(PortalFixture.Artifacts, name);
            Directory.CreateDirectory(folder);
            for (var i = 0; i < _pages.Count; i++)
            {
                try
                {
                    await _pages[i].ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, $"page-{i}.png"), FullPage = true });
                    await _pages[i].Context.Tracing.StopAsync(new TracingStopOptions { Path = Path.Combine(folder, $"trace-{i}.zip") });
                }
                catch (PlaywrightException)
                {
                    // A closed page has nothing more to show.
                }
            }
            throw;
        }
        finally
        {
            foreach (var page in _pages)
            {
                await page.Context.CloseAsync();
            }
        }
    }

    protected static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    protected static IPageAssertions Expect(IPage page) => Assertions.Expect(page);

    /// <summary>axe-core on the page as it is now: WCAG 2.0/2.1 A and AA rules, no violation allowed (needs JavaScript).</summary>
    protected static async Task AssertAccessible(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var result = await page.RunAxe(new Deque.AxeCore.Commons.AxeRunOptions
        {
            RunOnly = new Deque.AxeCore.Commons.RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
        });
        var violations = string.Join("\n", result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(", ", v.Nodes.Take(3).Select(n => string.Join(" ", n.Target)))}"));
        Assert.True(result.Violations.Length == 0, $"axe-core found violations on {page.Url}:\n{violations}");
    }

    /// <summary>The page is live (its circuit connected): clicks and inputs now reach the server.</summary>
    protected static Task Interactive(IPage page) => Expect(page.Locator("h1[data-interactive]")).ToHaveCountAsync(1);

    /// <summary>A file with this text to upload through the browser.</summary>
    protected static async Task<string> TempFile(string name, string text)
    {
        var path = Path.Combine(PortalFixture.Uploads, Guid.NewGuid().ToString("n")[..6] + "-" + name);
        await File.WriteAllTextAsync(path, text);
        return path;
    }

    /// <summary>A screenshot for the README (docs/screenshots), taken by the test that shows the screen.</summary>
    protected static Task Picture(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(PortalFixture.Artifacts, "screenshots", name + ".png"), FullPage = false });
}
