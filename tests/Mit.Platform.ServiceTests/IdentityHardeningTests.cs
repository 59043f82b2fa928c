using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Mit.Platform.BuildingBlocks.Security;
using Mit.Platform.Identity.Api;
using Mit.Platform.Identity.Domain;

namespace Mit.Platform.ServiceTests;

/// <summary>The identity service's anonymous endpoints against hostile forms, through the gateway's web port.</summary>
[Collection(PlatformCollection.Name)]
public sealed class IdentityHardeningTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("connect/token")]
    [InlineData("connect/authorize")]
    [InlineData("connect/device")]
    [InlineData("account/login")]
    public async Task A_form_with_more_than_1024_fields_is_invalid_request_not_500(string path)
    {
        var fields = Enumerable.Range(0, 1100).Select(i => new KeyValuePair<string, string>($"f{i}", "x"))
            .Prepend(new KeyValuePair<string, string>("client_id", "mit-cli"));
        using var response = await platform.Web.PostAsync(new Uri(path, UriKind.Relative), new FormUrlEncodedContent(fields));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode} {body}");
        Assert.Equal("invalid_request", JsonDocument.Parse(body).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task After_five_wrong_passwords_the_account_is_locked_even_for_the_right_one()
    {
        var userName = "lockout-" + Guid.NewGuid().ToString("n")[..12];
        await using (var scope = platform.Host.IdentityServices.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Users>().AddAsync(
                PlatformUser.Create(userName, "Lockout test", "SZW", [PlatformRoles.Requester]), DemoPersonas.Password, CancellationToken.None);
        }
        Task<TokenResponse> SignIn(string password) => platform.RequestToken(new Dictionary<string, string>
        {
            ["grant_type"] = "password", ["client_id"] = "mit-cli", ["username"] = userName, ["password"] = password, ["scope"] = "advice-requests",
        });
        Assert.NotNull((await SignIn(DemoPersonas.Password)).AccessToken);
        for (var i = 0; i < SignInBackoff.FreeFailures; i++)
        {
            Assert.Null((await SignIn("wrong-password-" + i)).AccessToken);
        }
        var locked = await SignIn(DemoPersonas.Password);
        Assert.Null(locked.AccessToken);
        Assert.Equal("invalid_grant", locked.Error);
    }

    [Fact]
    public async Task Pending_device_codes_are_capped_and_a_refusal_stores_nothing()
    {
        await using var scope = platform.Host.IdentityServices.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Mit.Platform.Identity.Data.IdentityDbContext>();
        var deviceCodes = db.Set<OpenIddict.EntityFrameworkCore.Models.OpenIddictEntityFrameworkCoreToken>()
            .Where(t => t.Type == OpenIddict.Abstractions.OpenIddictConstants.TokenTypeIdentifiers.Private.DeviceCode);
        try
        {
            var refused = 0;
            for (var i = 0; i <= PlatformFixture.MaxPendingDeviceCodes; i++)
            {
                using var response = await platform.Web.PostAsync(new Uri("connect/device", UriKind.Relative),
                    new FormUrlEncodedContent(new Dictionary<string, string> { ["client_id"] = "mit-cli", ["scope"] = "advice-requests" }));
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Assert.Equal("temporarily_unavailable", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
                    refused++;
                }
            }
            Assert.True(refused >= 1, "one device authorization more than the cap was accepted");
            Assert.True(await deviceCodes.CountAsync() <= PlatformFixture.MaxPendingDeviceCodes, "more device codes stored than the cap");
        }
        finally
        {
            // The device flow test needs room for its own code.
            await deviceCodes.ExecuteDeleteAsync();
        }
    }
}
