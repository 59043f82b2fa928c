using Mit.Platform.V1;

namespace Mit.Platform.PortalTests;

/// <summary>The ministry sees published advice waiting for the cabinet's response, records it with its document, and
/// once the response is published the advice's public page shows it.</summary>
[Collection(PortalCollection.Name)]
public sealed class CabinetResponseTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public Task The_ministry_sees_the_advice_waiting_records_the_response_for_the_pair_and_the_public_page_shows_it() => Scenario(nameof(The_ministry_sees_the_advice_waiting_records_the_response_for_the_pair_and_the_public_page_shows_it), async () =>
    {
        using var platform = new PlatformCalls(Portal);
        var title = "Wintervoorbereiding " + Guid.NewGuid().ToString("n")[..6];
        var (_, advice) = await platform.PublishedAdviceAsync(title, "MIT-advies " + title, "OMT-advies " + title);
        var responseText = "Kabinetsreactie op " + title;
        var responseFile = await TempFile("kabinetsreactie.txt", responseText);

        // The SZW publication officer finds the open waits in the navigation; the wait is said in words.
        var szw = await As("szw-publication", "/");
        await szw.GetByRole(AriaRole.Link, new() { Name = "Kabinetsreacties" }).ClickAsync();
        var row = szw.Locator($"tr[data-document='{advice[Committee.Mit]}']");
        await Expect(row).ToContainTextAsync("0 dagen");
        await Expect(row.Locator("[data-testid=term]")).ToHaveTextAsync("Binnen de termijn");
        await Expect(szw.Locator($"tr[data-document='{advice[Committee.Omt]}']")).ToBeVisibleAsync();
        await AssertAccessible(szw);

        // One response answers the joint request's pair: the MIT advice comes chosen from its row, the OMT advice is added.
        await row.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Reactie vastleggen op") }).ClickAsync();
        await Expect(szw.GetByRole(AriaRole.Heading, new() { Name = "Kabinetsreactie vastleggen" })).ToBeVisibleAsync();
        await Interactive(szw);
        await Expect(szw.GetByLabel($"Advies MIT: {title}", new() { Exact = false })).ToBeCheckedAsync();
        await szw.GetByLabel($"Advies OMT: {title}", new() { Exact = false }).CheckAsync();
        await szw.GetByLabel("Kenmerk van de Kamerbrief").FillAsync("Kamerstuk 25295, nr. 2200");
        await szw.GetByLabel("Bestand kiezen").SetInputFilesAsync(responseFile);
        await Expect(szw.GetByText("SHA-256 " + PlatformCalls.Sha256(responseText))).ToBeVisibleAsync();
        await AssertAccessible(szw);
        await szw.GetByRole(AriaRole.Button, new() { Name = "Kabinetsreactie vastleggen" }).ClickAsync();
        await Expect(szw.GetByTestId("done")).ToContainTextAsync("De kabinetsreactie is vastgelegd");

        // It went to parliament with its Kamerbrief; the publication officer publishes it on its dossier page.
        await szw.GetByRole(AriaRole.Link, new() { Name = "Naar het publicatiedossier van de reactie" }).ClickAsync();
        await Expect(szw.Locator("[data-type=CabinetResponse] [data-testid=doc-state]")).ToContainTextAsync("Kamer");
        await Interactive(szw);
        await szw.GetByRole(AriaRole.Button, new() { Name = "Dossier openbaar maken" }).ClickAsync();
        await szw.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Ja, Dossier openbaar maken") }).ClickAsync();
        await Expect(szw.GetByTestId("done")).ToContainTextAsync("openbaar gemaakt");

        // Anyone reads on the advice's public page that the cabinet responded, and follows the link to the response.
        var reader = await Anonymous("/openbaar/" + advice[Committee.Omt]);
        await Expect(reader.GetByText("Het kabinet reageerde na 0 dagen")).ToBeVisibleAsync();
        await reader.GetByRole(AriaRole.Link, new() { Name = "de kabinetsreactie" }).ClickAsync();
        await Expect(reader.GetByText("Deze kabinetsreactie beantwoordt:")).ToBeVisibleAsync();
        var download = reader.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Downloaden") });
        var content = await reader.APIRequest.GetAsync(await download.GetAttributeAsync("href") ?? "");
        Assert.Equal(responseText, await content.TextAsync());

        // Answered, the advice leaves the open waits.
        await szw.GotoAsync("/kabinetsreacties");
        await Expect(szw.GetByRole(AriaRole.Heading, new() { Name = "Advies dat wacht op een kabinetsreactie" })).ToBeVisibleAsync();
        await Expect(szw.Locator($"tr[data-document='{advice[Committee.Mit]}']")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task Only_the_ministries_that_record_the_response_see_the_open_waits() => Scenario(nameof(Only_the_ministries_that_record_the_response_see_the_open_waits), async () =>
    {
        var vws = await As("vws-delegate", "/kabinetsreacties");
        await Expect(vws.GetByRole(AriaRole.Heading, new() { Name = "Advies dat wacht op een kabinetsreactie" })).ToBeVisibleAsync();
        await AssertAccessible(vws);
        var member = await As("mit-chair", "/");
        await Expect(member.GetByRole(AriaRole.Link, new() { Name = "Kabinetsreacties" })).ToHaveCountAsync(0);
        await member.GotoAsync("/kabinetsreacties/vastleggen");
        await Expect(member.GetByRole(AriaRole.Heading, new() { Name = "Niet toegestaan" })).ToBeVisibleAsync();
        await Expect(member.GetByRole(AriaRole.Button, new() { Name = "Kabinetsreactie vastleggen" })).ToHaveCountAsync(0);
    });
}
