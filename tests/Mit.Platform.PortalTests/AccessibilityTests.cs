namespace Mit.Platform.PortalTests;

/// <summary>Every page of the portal, in Dutch and in English, as the role that uses it: axe-core finds nothing (WCAG 2.1 AA).</summary>
[Collection(PortalCollection.Name)]
public sealed class AccessibilityTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public Task Every_page_in_Dutch_and_in_English_has_no_accessibility_violations() => Scenario(nameof(Every_page_in_Dutch_and_in_English_has_no_accessibility_violations), async () =>
    {
        using var platform = new PlatformCalls(Portal);
        var request = await platform.ReleasedRequestAsync("Toegankelijkheid " + Guid.NewGuid().ToString("n")[..6]);
        var pages = new (string? Persona, string[] Paths)[]
        {
            (null, ["/", "/openbaar", "/bestaat-niet", "/aanmelden-mislukt", "/account/login"]),
            ("szw-requester", ["/", "/verzoeken", "/verzoeken/nieuw", "/verzoeken/" + request.Id]),
            ("mit-secretariat", ["/balie/mit", "/commissies", "/briefings", "/briefings/" + request.Id]),
            ("mit-chair", ["/advies/" + request.Id, "/ongevraagd"]),
            ("szw-publication", ["/kabinetsreacties", "/kabinetsreacties/vastleggen"]),
            ("omt-chair", ["/briefings/" + request.Id, "/advies/" + request.Id]),
            ("vws-minister", ["/briefings", "/toestemming/" + request.Id]),
            ("operator", ["/", "/verzoeken/nieuw"]),
        };
        foreach (var (persona, paths) in pages)
        {
            var page = persona is null ? await Anonymous(paths[0]) : await As(persona, paths[0]);
            foreach (var language in new[] { "nl", "en" })
            {
                if (language == "en")
                {
                    await page.GotoAsync(paths[0]);
                    await page.GetByRole(AriaRole.Button, new() { Name = "English" }).ClickAsync();
                    await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
                }
                foreach (var path in paths)
                {
                    await page.GotoAsync(path);
                    await Expect(page.Locator("h1")).ToBeVisibleAsync();
                    await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", language);
                    await AssertAccessible(page);
                }
            }
        }
    });

    [Fact]
    public Task Co_signing_can_be_done_with_the_keyboard_alone() => Scenario(nameof(Co_signing_can_be_done_with_the_keyboard_alone), async () =>
    {
        // The skip link is the first stop in the tab order and points at the content, which can take the focus.
        var reader = await Anonymous("/openbaar");
        var first = await reader.EvaluateAsync<string>(
            "() => document.querySelector('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex=\"-1\"])').textContent.trim()");
        Assert.Equal("Naar de inhoud", first);
        var target = (await reader.GetByRole(AriaRole.Link, new() { Name = "Naar de inhoud" }).GetAttributeAsync("href"))!.Split('#')[1];
        await Expect(reader.Locator("main")).ToHaveAttributeAsync("id", target);
        await Expect(reader.Locator("main")).ToHaveAttributeAsync("tabindex", "-1");

        // VWS co-signs a draft with Tab and Enter only; the confirmation takes the focus along.
        using var platform = new PlatformCalls(Portal);
        var draft = await platform.Requests.DraftRequestAsync(new V1.DraftRequestRequest
        {
            IdempotencyKey = PlatformCalls.Key(), CoSigningMinistry = V1.Ministry.Vws,
            Content = new V1.RequestContent { Title = "Toetsenbord " + Guid.NewGuid().ToString("n")[..6], Question = "Vraag?", Urgency = V1.Urgency.Urgent },
        }, await platform.As("szw-requester"));
        var vws = await As("vws-requester", "/verzoeken/" + draft.Id);
        await TabTo(vws, vws.GetByRole(AriaRole.Button, new() { Name = "Versie 1 mede-ondertekenen" }));
        await vws.Keyboard.PressAsync("Enter");
        await TabTo(vws, vws.GetByRole(AriaRole.Button, new() { Name = "Ja, Versie 1 mede-ondertekenen" }));
        await vws.Keyboard.PressAsync("Enter");
        await Expect(vws.GetByText("Ondertekend en uitgezet bij MIT en OMT.")).ToBeVisibleAsync();
    });

    private static async Task TabTo(IPage page, ILocator target)
    {
        await Expect(target).ToBeVisibleAsync();
        for (var i = 0; i < 60 && !await target.EvaluateAsync<bool>("e => e === document.activeElement"); i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        await Expect(target).ToBeFocusedAsync();
    }
}
