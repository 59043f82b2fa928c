namespace Mit.Platform.PortalTests;

/// <summary>The MIT opens unsolicited advice in the browser, its chair adopts it by vote, and it appears in the
/// committee's list on its way to publication.</summary>
[Collection(PortalCollection.Name)]
public sealed class UnsolicitedAdviceTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public Task The_secretariat_opens_unsolicited_advice_the_chair_adopts_it_by_vote_and_it_is_listed_with_its_dossier() => Scenario(nameof(The_secretariat_opens_unsolicited_advice_the_chair_adopts_it_by_vote_and_it_is_listed_with_its_dossier), async () =>
    {
        var title = "Gevolgen van long covid " + Guid.NewGuid().ToString("n")[..6];
        var text = "Ongevraagd MIT-advies: " + title;
        var file = await TempFile("ongevraagd.txt", text);

        var secretariat = await As("mit-secretariat", "/");
        await secretariat.GetByRole(AriaRole.Link, new() { Name = "Ongevraagd advies" }).ClickAsync();
        await AssertAccessible(secretariat);
        await Interactive(secretariat);
        await secretariat.GetByLabel("Titel").FillAsync(title);
        await secretariat.GetByLabel("De vraag die de commissie zich stelt").FillAsync("Wat betekent long covid voor werk en inkomen?");
        await secretariat.GetByLabel("Waarom de commissie ongevraagd adviseert").FillAsync("Het aantal langdurig zieken stijgt.");
        await secretariat.GetByRole(AriaRole.Button, new() { Name = "Ongevraagd advies openen" }).ClickAsync();
        await Expect(secretariat.GetByTestId("done")).ToHaveTextAsync("Het ongevraagde advies is geopend.");
        await Expect(secretariat.GetByRole(AriaRole.Heading, new() { Name = title })).ToBeVisibleAsync();
        // The secretariat may open but not adopt: no vote form for it.
        await Expect(secretariat.GetByRole(AriaRole.Button, new() { Name = "Advies vaststellen" })).ToHaveCountAsync(0);
        await AssertAccessible(secretariat);
        var advicePath = new Uri(secretariat.Url).AbsolutePath;

        var chair = await As("mit-chair", advicePath);
        await Expect(chair.GetByTestId("adoption")).ToHaveTextAsync("Nog niet vastgesteld.");
        await Interactive(chair);
        await chair.GetByLabel("Adviesdocument (het portaal berekent de SHA-256)").SetInputFilesAsync(file);
        await Expect(chair.GetByText("SHA-256 " + PlatformCalls.Sha256(text))).ToBeVisibleAsync();
        await chair.GetByLabel("Samenvatting").FillAsync("Werkgevers en UWV voorbereiden.");
        await AssertAccessible(chair);
        await chair.GetByRole(AriaRole.Button, new() { Name = "Advies vaststellen" }).ClickAsync();
        await Expect(chair.GetByTestId("adoption")).ToContainTextAsync("Vastgesteld op");
        await Expect(chair.GetByText(PlatformCalls.Sha256(text))).ToBeVisibleAsync();

        // Publication opens its dossier from Committees' event: the list shows it once it exists.
        var listed = secretariat.Locator("[data-testid=unsolicited] li", new() { HasText = title });
        for (var attempt = 0; attempt < 30 && await listed.CountAsync() == 0; attempt++)
        {
            await secretariat.GotoAsync("/ongevraagd");
            await Expect(secretariat.GetByRole(AriaRole.Heading, new() { Name = "Vastgesteld ongevraagd advies" })).ToBeVisibleAsync();
            if (await listed.CountAsync() == 0)
            {
                await Task.Delay(300);
            }
        }
        await Expect(listed).ToContainTextAsync("Vastgesteld; wacht op de tekst");

        // From there the publication flow's own page: the secretariat uploads the adopted text.
        await listed.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex("^Naar het publicatiedossier") }).ClickAsync();
        await Expect(secretariat.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        await Expect(secretariat.GetByText("Het aantal langdurig zieken stijgt.")).ToBeVisibleAsync();
        await Interactive(secretariat);
        var advice = secretariat.Locator("[data-type=Advice]");
        await advice.GetByLabel("Bestand kiezen").SetInputFilesAsync(file);
        await Expect(advice.GetByTestId("digest-check")).ToContainTextAsync("Dit is de vastgestelde tekst");
        await advice.GetByRole(AriaRole.Button, new() { Name = "Vastgestelde tekst uploaden" }).ClickAsync();
        await Expect(advice.GetByTestId("doc-state")).ToHaveTextAsync("Tekst aanwezig; nog niet verzonden");
    });
}
