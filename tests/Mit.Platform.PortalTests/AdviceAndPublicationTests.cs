using System.Text;
using Mit.Platform.V1;

namespace Mit.Platform.PortalTests;

/// <summary>Vote and consensus in the browser, sealed until both adopted; then published together and readable by anyone.</summary>
[Collection(PortalCollection.Name)]
public sealed class AdviceAndPublicationTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public Task The_MIT_votes_the_OMT_agrees_each_sealed_until_both_adopted_then_both_are_public_side_by_side_and_in_the_feed() => Scenario(nameof(The_MIT_votes_the_OMT_agrees_each_sealed_until_both_adopted_then_both_are_public_side_by_side_and_in_the_feed), async () =>
    {
        using var platform = new PlatformCalls(Portal);
        var title = "Fit voor het najaar " + Guid.NewGuid().ToString("n")[..6];
        var request = await platform.ReleasedRequestAsync(title);
        var mitText = "MIT-advies: houd scholen open; " + title;
        var omtText = "OMT-advies: vaccineer kwetsbaren eerst; " + title;
        var mitFile = await TempFile("mit-advies.txt", mitText);
        var omtFile = await TempFile("omt-advies.txt", omtText);

        // The MIT chair records the vote: who may vote comes from the composition.
        var mitChair = await As("mit-chair", "/advies/" + request.Id);
        await mitChair.GetByLabel("Adviesdocument (het portaal berekent de SHA-256)").SetInputFilesAsync(mitFile);
        await Expect(mitChair.GetByText("SHA-256 " + PlatformCalls.Sha256(mitText))).ToBeVisibleAsync();
        await mitChair.GetByLabel("Samenvatting").FillAsync("Scholen open houden.");
        await AssertAccessible(mitChair);
        await Picture(mitChair, "vote");
        await mitChair.GetByRole(AriaRole.Button, new() { Name = "Advies vaststellen" }).ClickAsync();
        await Expect(mitChair.Locator("[data-committee=Mit] [data-testid=advice-state]")).ToContainTextAsync("Vastgesteld op");

        // The OMT chair sees that the MIT adopted, sealed — in words, not an empty box.
        var omtChair = await As("omt-chair", "/advies/" + request.Id);
        await Expect(omtChair.Locator("[data-committee=Mit] [data-testid=advice-state]")).ToContainTextAsync("verzegeld");
        await Expect(omtChair.GetByText("Scholen open houden.")).ToHaveCountAsync(0);
        await AssertAccessible(omtChair);
        await omtChair.GetByLabel("Adviesdocument (het portaal berekent de SHA-256)").SetInputFilesAsync(omtFile);
        await Expect(omtChair.GetByText("SHA-256 " + PlatformCalls.Sha256(omtText))).ToBeVisibleAsync();
        await omtChair.GetByLabel("Samenvatting").FillAsync("Kwetsbaren eerst.");
        await omtChair.GetByRole(AriaRole.Button, new() { Name = "Consensus vastleggen" }).ClickAsync();
        // Both adopted: both revealed at once.
        await Expect(omtChair.GetByText("Scholen open houden.")).ToBeVisibleAsync();
        await mitChair.ReloadAsync();
        await Expect(mitChair.GetByText("Kwetsbaren eerst.")).ToBeVisibleAsync();

        // The publication protocol (its own pages are tested with them): texts, principals, parliament, publish.
        await platform.PublishAsync(request.Id, title, Encoding.UTF8.GetBytes(mitText), Encoding.UTF8.GetBytes(omtText));

        // Anyone, without signing in and without JavaScript, reads both side by side and follows the feed.
        var reader = await Anonymous("/openbaar", javaScript: false);
        var dossier = reader.Locator("section.mit-dossier", new() { HasText = title });
        await Expect(dossier.Locator(".mit-column", new() { HasText = "MIT" })).ToBeVisibleAsync();
        await Expect(dossier.Locator(".mit-column", new() { HasText = "OMT" })).ToBeVisibleAsync();
        await Expect(reader.Locator("link[rel=alternate][type='application/atom+xml']")).ToHaveCountAsync(1);
        await Picture(reader, "public-record");
        await dossier.Locator(".mit-column", new() { HasText = "MIT" }).GetByRole(AriaRole.Link).First.ClickAsync();
        var download = reader.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Downloaden") });
        await Expect(download).ToBeVisibleAsync();
        var content = await reader.APIRequest.GetAsync(await download.GetAttributeAsync("href") ?? "");
        Assert.Equal(mitText, await content.TextAsync());
        var feed = await reader.APIRequest.GetAsync("/public/v1/feed.atom");
        Assert.Contains(title, await feed.TextAsync());

        // axe-core needs script: the same pages, checked in a browser with JavaScript, in Dutch and in English.
        var documentPath = new Uri(reader.Url).AbsolutePath;
        var checker = await Anonymous("/openbaar");
        await AssertAccessible(checker);
        await checker.GotoAsync(documentPath);
        await AssertAccessible(checker);
        await checker.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
        await Expect(checker.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Download") })).ToBeVisibleAsync();
        await AssertAccessible(checker);
    });
}
