using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Playwright;
using Mit.Platform.V1;

namespace Mit.Benchmarks;

/// <summary>P8's figures: when each release appeared on the MIT desk page and on the OMT desk page.</summary>
public sealed record DeskPagesResult(int Releases, int Missed, Summary GapMs, Summary CoSignToBothPagesMs);

/// <summary>
/// P8: the portal's desk pages (/balie/mit as the MIT secretariat, /balie/omt as the OMT secretary), each in its own
/// browser context of one headless chromium, served through the all-in-one's gateway web port. A MutationObserver in
/// each page reports every released entry the moment it is in the page's DOM, with the page's own clock read as
/// performance.timeOrigin + performance.now() (epoch milliseconds: two pages have different time origins, this
/// puts both on the machine's one wall clock). Releases are co-signed one at a time by a gRPC call as VWS (not a click),
/// each after the previous one showed on both pages.
/// </summary>
internal static class DeskPages
{
    public const string Chromium = "/usr/bin/chromium";
    private static readonly TimeSpan ShowTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The observer: reports each released entry (its request id) once, with the page's epoch time.</summary>
    private const string Observer = """
        () => {
          const seen = new Set();
          const report = () => {
            const at = performance.timeOrigin + performance.now();
            for (const li of document.querySelectorAll('li.mit-desk__entry[data-kind="Released"]')) {
              const id = li.getAttribute('data-request');
              if (!seen.has(id)) { seen.add(id); window.mitShown(id + ' ' + at); }
            }
          };
          report();
          new MutationObserver(report).observe(document.body, { childList: true, subtree: true });
        }
        """;

    public static async Task<(DeskPagesResult Result, List<string> Problems)> RunAsync(AllInOneProcess host, PlatformClients clients, HarnessOptions options, CancellationToken ct)
    {
        if (!File.Exists(Chromium))
        {
            throw new MeasurementException($"P8: needs Debian's chromium at {Chromium} (`sudo apt-get install chromium`; test.sh installs it).");
        }
        var total = options.DeskPageWarmUp + options.DeskPageReleases;
        Progress.Log($"P8: drafting {total} requests (not timed); opening the MIT and OMT desk pages in chromium...");
        var drafts = await Requests.DraftAsync(clients.Szw, "P8", total, ct);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            // As the portal tests launch it: without these, chromium keeps trying to reach Google's hosts.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
        });
        var mit = new ConcurrentDictionary<string, double>();
        var omt = new ConcurrentDictionary<string, double>();
        await OpenDeskAsync(browser, host, "mit-secretariat", "/balie/mit", mit);
        await OpenDeskAsync(browser, host, "omt-secretary", "/balie/omt", omt);

        var gaps = new List<double>();
        var toBoth = new List<double>();
        var missed = 0;
        Progress.Log($"P8: co-signing {options.DeskPageWarmUp} warm-up + {options.DeskPageReleases} measured releases one at a time, watching both pages...");
        for (var i = 0; i < total; i++)
        {
            var sentAt = EpochMilliseconds();
            var released = await Requests.CoSignAsync(clients.Vws, drafts[i], ct);
            if (released.Error is not null)
            {
                throw new MeasurementException($"P8: co-sign failed: {released.Error}");
            }
            var id = released.RequestId!;
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while (!(mit.ContainsKey(id) && omt.ContainsKey(id)) && clock.Elapsed < ShowTimeout)
            {
                await Task.Delay(5, ct);
            }
            if (i < options.DeskPageWarmUp)
            {
                continue;
            }
            if (mit.TryGetValue(id, out var m) && omt.TryGetValue(id, out var o))
            {
                gaps.Add(Math.Abs(m - o));
                toBoth.Add(Math.Max(m, o) - sentAt);
            }
            else
            {
                missed++;
            }
        }
        var problems = missed > 0 ? [$"P8: {missed} releases did not show on both desk pages within {ShowTimeout.TotalSeconds:0} s"] : new List<string>();
        return (new DeskPagesResult(options.DeskPageReleases, missed, Percentiles.Summarize(gaps), Percentiles.Summarize(toBoth)), problems);
    }

    /// <summary>Now on the machine's wall clock in epoch milliseconds, with sub-millisecond precision (as the pages report).</summary>
    private static double EpochMilliseconds() => (DateTime.UtcNow - DateTime.UnixEpoch).Ticks / (double)TimeSpan.TicksPerMillisecond;

    /// <summary>Signs the persona in through the portal and the identity service's login page (as the portal tests do), opens the desk, installs the observer.</summary>
    private static async Task OpenDeskAsync(IBrowser browser, AllInOneProcess host, string persona, string path, ConcurrentDictionary<string, double> shown)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = host.WebAddress.ToString(), Locale = "nl-NL" });
        context.SetDefaultTimeout(60_000);
        var page = await context.NewPageAsync();
        await page.ExposeFunctionAsync("mitShown", (string report) =>
        {
            var parts = report.Split(' ');
            shown.TryAdd(parts[0], double.Parse(parts[1], CultureInfo.InvariantCulture));
        });
        await page.GotoAsync("/aanmelden?returnUrl=" + Uri.EscapeDataString(path));
        await page.FillAsync("input[name=userName]", persona);
        await page.FillAsync("input[name=password]", Mit.Platform.Testing.DemoTokens.Password);
        await page.ClickAsync("button[type=submit], form button");
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == path);
        // The page is live once its stream is connected (the status line says so); the observer starts then.
        await page.WaitForSelectorAsync("[data-testid=desk-status]");
        await page.EvaluateAsync(Observer);
    }
}
