using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Mit.Platform.PortalTests;

/// <summary>The joint request in the browser: drafted by SZW, co-signed by VWS, on both desks at once without a reload.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class JointRequestTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public Task A_long_desk_shows_the_newest_50_entries_and_earlier_ones_a_click_away() => Scenario(nameof(A_long_desk_shows_the_newest_50_entries_and_earlier_ones_a_click_away), async () =>
    {
        using var platform = new PlatformCalls(Portal);
        var run = Guid.NewGuid().ToString("n")[..6];
        // 55 releases, the newest entries of the desk: the first of them is the 55th newest.
        for (var i = 1; i <= 55; i++)
        {
            await platform.ReleasedRequestAsync($"Lange balie {run} nr {i:00}");
        }

        var desk = await As("mit-secretariat", "/balie/mit");
        await Expect(desk.GetByTestId("desk-status")).ToHaveTextAsync(new Regex("Live"));
        var entries = desk.Locator("ol.mit-desk > li");
        await Expect(desk.Locator($"li:has-text('Lange balie {run} nr 55')")).ToBeVisibleAsync();
        await Expect(entries).ToHaveCountAsync(50);
        await Expect(desk.Locator($"li:has-text('Lange balie {run} nr 01')")).ToHaveCountAsync(0);

        var older = desk.GetByTestId("desk-older");
        await Expect(older).ToHaveTextAsync(new Regex("^\\s*Toon \\d+ eerdere meldingen \\(er zijn er nog \\d+\\)\\s*$"));
        // The entries came over the live stream, so the page is interactive and the click reaches it.
        await older.ClickAsync();

        await Expect(desk.Locator($"li:has-text('Lange balie {run} nr 01')")).ToBeVisibleAsync();
        Assert.InRange(await entries.CountAsync(), 55, 100);
        await AssertAccessible(desk);
    });

    [Fact]
    public Task SZW_drafts_with_an_attachment_VWS_cosigns_and_both_open_desks_show_it_with_the_same_digest() => Scenario(nameof(SZW_drafts_with_an_attachment_VWS_cosigns_and_both_open_desks_show_it_with_the_same_digest), async () =>
    {
        var title = "Reizigers uit China " + Guid.NewGuid().ToString("n")[..6];
        // Both desks are open before the release.
        var mitDesk = await As("mit-secretariat", "/balie/mit");
        var omtDesk = await As("omt-secretary", "/balie/omt");
        await Expect(mitDesk.GetByTestId("desk-status")).ToHaveTextAsync(new Regex("Live"));
        await Expect(omtDesk.GetByTestId("desk-status")).ToHaveTextAsync(new Regex("Live"));

        var szw = await As("szw-requester", "/verzoeken/nieuw");
        await szw.GetByLabel("Onderwerp").FillAsync(title);
        await szw.GetByLabel("Vraag").FillAsync("Welke maatschappelijke effecten heeft een testplicht voor reizigers?");
        await szw.GetByRole(AriaRole.Button, new() { Name = "Maatregel toevoegen" }).ClickAsync();
        await szw.GetByLabel("Maatregel 1", new() { Exact = true }).FillAsync("Testplicht bij vertrek");
        var attachment = Path.Combine(PortalFixture.Uploads, "informatiepakket-" + Guid.NewGuid().ToString("n")[..6] + ".txt");
        await File.WriteAllTextAsync(attachment, "Epidemiologisch beeld, week 1");
        var sha = Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(attachment)));
        await szw.GetByLabel("Bestanden kiezen").SetInputFilesAsync(attachment);
        // The portal computed the file's SHA-256 and shows it before anything is sent.
        await Expect(szw.GetByText("SHA-256 " + sha)).ToBeVisibleAsync();
        await AssertAccessible(szw);
        await szw.GetByRole(AriaRole.Button, new() { Name = "Ter mede-ondertekening aanbieden" }).ClickAsync();
        await szw.WaitForURLAsync(new Regex("/verzoeken/[0-9a-f-]{36}$"));
        var requestUrl = new Uri(szw.Url).AbsolutePath;
        await Expect(szw.GetByText("Wacht op mede-ondertekening door VWS").First).ToBeVisibleAsync();

        // VWS reads exactly what it signs: version, content, digest.
        var vws = await As("vws-requester", requestUrl);
        await Expect(vws.GetByRole(AriaRole.Heading, new() { Name = "Ter mede-ondertekening: versie 1" })).ToBeVisibleAsync();
        await Expect(vws.GetByText("SHA-256 " + sha)).ToBeVisibleAsync();
        var digest = (await vws.GetByTestId("digest").First.TextContentAsync())!.Trim();
        Assert.Matches("^[0-9a-f]{64}$", digest);
        await AssertAccessible(vws);
        await Picture(vws, "co-sign-review");
        await vws.GetByRole(AriaRole.Button, new() { Name = "Versie 1 mede-ondertekenen" }).ClickAsync();
        await vws.GetByRole(AriaRole.Button, new() { Name = "Ja, Versie 1 mede-ondertekenen" }).ClickAsync();
        await Expect(vws.GetByText("Ondertekend en uitgezet bij MIT en OMT.")).ToBeVisibleAsync();

        // Both desks, open all along, show it without a reload, with the released digest.
        var mitEntry = mitDesk.Locator($"li[data-kind=Released]:has-text('{title}')");
        var omtEntry = omtDesk.Locator($"li[data-kind=Released]:has-text('{title}')");
        await Expect(mitEntry).ToBeVisibleAsync();
        await Expect(omtEntry).ToBeVisibleAsync();
        await Expect(mitEntry.GetByTestId("desk-digest")).ToHaveTextAsync(digest);
        await Expect(omtEntry.GetByTestId("desk-digest")).ToHaveTextAsync(digest);
        await AssertAccessible(mitDesk);
        await Picture(mitDesk, "desk-mit");

        // The MIT secretariat acknowledges the digest it got; the ministries see the receipt.
        await mitEntry.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("Ontvangst van versie 1") }).ClickAsync();
        await Expect(mitEntry.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await szw.GotoAsync("/verzoeken");
        var row = szw.Locator($"tr:has-text('{title}')");
        await Expect(row).ToContainTextAsync("Bevestigd");
        await AssertAccessible(szw);
        await Picture(szw, "requests");
    });
}
