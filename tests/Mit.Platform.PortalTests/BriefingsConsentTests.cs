using System.Text.RegularExpressions;

namespace Mit.Platform.PortalTests;

/// <summary>Confidential briefings in the browser: nothing but their existence before consent, live after, gone at revocation.</summary>
[Collection(PortalCollection.Name)]
public sealed class BriefingsConsentTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public Task The_MIT_secretariat_sees_a_briefing_only_under_consent_and_loses_it_the_moment_consent_is_revoked() => Scenario(nameof(The_MIT_secretariat_sees_a_briefing_only_under_consent_and_loses_it_the_moment_consent_is_revoked), async () =>
    {
        using var platform = new PlatformCalls(Portal);
        var request = await platform.ReleasedRequestAsync("Afschaling maatregelen " + Guid.NewGuid().ToString("n")[..6]);
        var briefingText = "R-waarde 0,8; ziekenhuisopnames dalen. Vertrouwelijk.";

        // The OMT chair adds a briefing and proposes sharing with the MIT (secretariat included).
        var omt = await As("omt-chair", "/briefings/" + request.Id);
        await omt.GetByLabel("Onderwerp").FillAsync("Epidemiologische duiding week 3");
        await omt.GetByLabel("Tekst").FillAsync(briefingText);
        await omt.GetByRole(AriaRole.Button, new() { Name = "Toevoegen", Exact = true }).ClickAsync();
        await Expect(omt.GetByText("Briefing toegevoegd.")).ToBeVisibleAsync();
        await omt.GetByLabel("Met wie").SelectOptionAsync(new SelectOptionValue { Label = "MIT-leden, voorzitter en secretariaat" });
        await omt.GetByRole(AriaRole.Button, new() { Name = "Voorstellen", Exact = true }).ClickAsync();
        await Expect(omt.GetByText("Voorgesteld; VWS beslist.")).ToBeVisibleAsync();
        await AssertAccessible(omt);

        // Without consent the MIT secretariat sees only that a briefing exists.
        var mit = await As("mit-secretariat", "/briefings/" + request.Id);
        await Expect(mit.GetByTestId("withheld")).ToBeVisibleAsync();
        await Expect(mit.GetByText(briefingText)).ToHaveCountAsync(0);
        await AssertAccessible(mit);

        // The minister's consent page says what, with whom, for which request; one confirmation.
        var vws = await As("vws-minister", "/toestemming/" + request.Id);
        await Expect(vws.GetByText("MIT-leden, voorzitter en secretariaat")).ToBeVisibleAsync();
        await Expect(vws.GetByText(request.Current.Content.Title).First).ToBeVisibleAsync();
        await AssertAccessible(vws);
        await Picture(vws, "consent");
        await vws.GetByRole(AriaRole.Button, new() { Name = "Toestemming geven" }).ClickAsync();
        await vws.GetByRole(AriaRole.Button, new() { Name = "Ja, Toestemming geven" }).ClickAsync();
        await Expect(vws.GetByText("Toestemming gegeven.")).ToBeVisibleAsync();

        // The open MIT page shows the briefing without a reload, with this copy's watermark.
        await Expect(mit.GetByTestId("briefing-content")).ToContainTextAsync(briefingText);
        await Expect(mit.GetByTestId("watermark")).ToContainTextAsync(new Regex("Watermerk van uw exemplaar: \\S+"));
        await AssertAccessible(mit);
        await Picture(mit, "briefing-under-consent");

        // Revoked: the open page stops showing it at once, and a reload is denied the content.
        await vws.GetByRole(AriaRole.Button, new() { Name = "Toestemming intrekken" }).ClickAsync();
        await vws.GetByRole(AriaRole.Button, new() { Name = "Ja, Toestemming intrekken" }).ClickAsync();
        await Expect(vws.GetByText("Toestemming ingetrokken; het MIT kan niets meer lezen.")).ToBeVisibleAsync();
        await Expect(mit.GetByTestId("withdrawn")).ToBeVisibleAsync();
        await Expect(mit.GetByTestId("briefing-content")).ToHaveCountAsync(0);
        await mit.ReloadAsync();
        await Expect(mit.GetByTestId("withheld")).ToBeVisibleAsync();
        await Expect(mit.GetByText(briefingText)).ToHaveCountAsync(0);
    });
}
