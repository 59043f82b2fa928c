using System.Net;
using System.Text.Json;

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
}
