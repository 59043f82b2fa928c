namespace Mit.Platform.PortalTests;

/// <summary>Signing in and out, a session that has expired, and a user who may not do what a URL asks.</summary>
[Collection(PortalCollection.Name)]
public sealed class SessionTests(PortalFixture portal) : BrowserTest(portal)
{
    [Fact]
    public Task Signing_out_ends_the_portal_session_and_the_identity_session() => Scenario(nameof(Signing_out_ends_the_portal_session_and_the_identity_session), async () =>
    {
        var page = await As("szw-requester", "/verzoeken");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Adviesaanvragen", Level = 1 })).ToBeVisibleAsync();
        // The browser holds a session cookie, never a token: no JWT's header.payload (each base64url of a JSON object,
        // so each starting "eyJ"). A bare "eyJ" would also turn up, now and then, inside a random antiforgery value.
        var cookies = await page.Context.CookiesAsync();
        Assert.All(cookies, c => Assert.DoesNotMatch(@"eyJ[A-Za-z0-9_-]*\.eyJ", c.Value));
        Assert.Contains(cookies, c => c.Name.StartsWith("mit-portal", StringComparison.Ordinal) && c.HttpOnly);

        await page.GetByRole(AriaRole.Button, new() { Name = "Afmelden" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Aanmelden" }).First).ToBeVisibleAsync();

        // Signed out at the identity service too: a protected page asks for the password again.
        await page.GotoAsync("/verzoeken");
        await Expect(page.Locator("input[name=password]")).ToBeVisibleAsync();
    });

    [Fact]
    public Task An_expired_session_asks_to_sign_in_again() => Scenario(nameof(An_expired_session_asks_to_sign_in_again), async () =>
    {
        var page = await As("mit-secretariat", "/verzoeken");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Adviesaanvragen", Level = 1 })).ToBeVisibleAsync();
        // Nine hours later the portal session (at most eight) and the identity sign-in have both expired.
        Portal.Clock.Advance(TimeSpan.FromHours(9));
        try
        {
            await page.GotoAsync("/verzoeken");
            await Expect(page.Locator("input[name=password]")).ToBeVisibleAsync();
            await Expect(page.GetByText("Adviesaanvragen")).ToHaveCountAsync(0);
        }
        finally
        {
            Portal.Clock.Advance(TimeSpan.FromHours(-9));
        }
    });

    [Fact]
    public Task A_user_without_the_role_sees_no_action_and_a_direct_URL_says_not_allowed() => Scenario(nameof(A_user_without_the_role_sees_no_action_and_a_direct_URL_says_not_allowed), async () =>
    {
        // The MIT member reads requests but may not draft one.
        var member = await As("mit-member", "/verzoeken");
        await Expect(member.GetByRole(AriaRole.Heading, new() { Name = "Adviesaanvragen", Level = 1 })).ToBeVisibleAsync();
        await Expect(member.GetByRole(AriaRole.Link, new() { Name = "Nieuwe gezamenlijke aanvraag" })).ToHaveCountAsync(0);
        await member.GotoAsync("/verzoeken/nieuw");
        await Expect(member.GetByRole(AriaRole.Heading, new() { Name = "Niet toegestaan" })).ToBeVisibleAsync();
        await Expect(member.GetByLabel("Vraag")).ToHaveCountAsync(0);
        await AssertAccessible(member);

        // The operator has no role in the work itself: no menu for it, and the consent page is refused in words.
        var operatorPage = await As("operator", "/toestemming/" + Guid.NewGuid());
        await Expect(operatorPage.GetByRole(AriaRole.Heading, new() { Name = "Niet toegestaan" })).ToBeVisibleAsync();
        await Expect(operatorPage.GetByRole(AriaRole.Link, new() { Name = "Adviesaanvragen" })).ToHaveCountAsync(0);
    });
}
