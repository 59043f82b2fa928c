using Microsoft.Extensions.DependencyInjection;
using Mit.Platform.AllInOne;

namespace Mit.Platform.PortalTests;

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "portal";
}

/// <summary>
/// The all-in-one platform (Development: demo personas) on free loopback ports, and one headless Chromium — Debian's
/// package, since Playwright's own browser download is not reachable from these machines. Each user gets their own
/// browser context (own cookies), signed in through the real identity pages.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "mit-portal-tests-" + Guid.NewGuid().ToString("n"));
    private IPlaywright? _playwright;

    public AllInOneHost Host { get; private set; } = default!;

    /// <summary>The platform's clock (identity, services, portal): a test may move it to let sessions expire.</summary>
    public ShiftedClock Clock { get; } = new();
    public IBrowser Browser { get; private set; } = default!;
    public Uri Portal => Host.PortalAddress;

    /// <summary>Where failing tests leave their screenshot and trace, and where the README's screenshots are taken.</summary>
    public static string Artifacts { get; } = Path.Combine(AppContext.BaseDirectory, "portal-artifacts");

    /// <summary>The files the tests upload through the browser; removed with the fixture, so runs leave nothing in /tmp.</summary>
    public static string Uploads { get; } = Path.Combine(Path.GetTempPath(), "mit-portal-uploads-" + Guid.NewGuid().ToString("n"));

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException(
                $"The browser tests need Debian's chromium at {Chromium}: run `sudo apt-get install chromium` (test.sh does this on a fresh machine).");
        }
        Directory.CreateDirectory(Artifacts);
        Directory.CreateDirectory(Uploads);
        Host = await AllInOneHost.StartAsync([], new Dictionary<string, string?>
        {
            ["Environment"] = "Development",
            ["AllInOne:DataDirectory"] = _dataDirectory,
            ["Gateway:Port"] = "0",
            ["Gateway:WebPort"] = "0",
            // Every browser sign-in of the tests comes from 127.0.0.1; the per-address limit is tested in ServiceTests.
            ["Gateway:IdentityRateLimit:PermitsPerMinute"] = "1000000",
            ["Logging:LogLevel:Default"] = "Warning",
        }, services => services.AddSingleton<TimeProvider>(Clock));
        // Warm up once (first requests compile pages, read the identity metadata), so no scenario pays for it.
        using (var warm = new HttpClient { BaseAddress = Portal, Timeout = TimeSpan.FromMinutes(2) })
        {
            foreach (var path in (string[])["/", "/openbaar", "/aanmelden"])
            {
                (await warm.GetAsync(new Uri(path, UriKind.Relative))).Dispose();
            }
        }
        Assertions.SetDefaultExpectTimeout(30_000);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // Without these, Chromium keeps trying to reach Google's hosts from a machine with a closed network.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await Host.DisposeAsync();
        Directory.Delete(Uploads, recursive: true);
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a file for a moment; the temp folder is cleaned by the OS.
        }
    }

    /// <summary>A fresh browser context (no cookies), traced so a failure can be replayed.</summary>
    public async Task<IPage> NewPageAsync(string label, bool javaScript = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Portal.ToString(),
            Locale = "nl-NL",
            TimezoneId = "Europe/Amsterdam",
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            JavaScriptEnabled = javaScript,
        });
        // Generous: these machines are shared and small; a wait ends as soon as the page shows what is awaited.
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        await context.Tracing.StartAsync(new TracingStartOptions { Title = label, Screenshots = true, Snapshots = true });
        return await context.NewPageAsync();
    }

    /// <summary>Signs a demo persona in through the portal and the identity service's login page.</summary>
    public async Task<IPage> SignInAsync(string persona, string? path = null)
    {
        var page = await NewPageAsync(persona);
        await page.GotoAsync("/aanmelden?returnUrl=" + Uri.EscapeDataString(path ?? "/"));
        await page.FillAsync("input[name=userName]", persona);
        await page.FillAsync("input[name=password]", Identity.Domain.DemoPersonas.Password);
        await page.ClickAsync("button[type=submit], form button");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == (path ?? "/").Split('?')[0]);
        return page;
    }
}
