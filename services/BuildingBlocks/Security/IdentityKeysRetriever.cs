using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Mit.Platform.BuildingBlocks.Security;

/// <summary>
/// Reads the identity service's metadata and key set through the internal address (Auth:Authority). The metadata
/// names the key set by its public address, which a service inside the deployment network may not reach.
/// </summary>
internal sealed class IdentityKeysRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var configuration = OpenIdConnectConfiguration.Create(await retriever.GetDocumentAsync(address, cancel));
        var authority = new Uri(address);
        var keys = new UriBuilder(new Uri(configuration.JwksUri)) { Scheme = authority.Scheme, Host = authority.Host, Port = authority.Port }.Uri;
        configuration.JsonWebKeySet = new JsonWebKeySet(await retriever.GetDocumentAsync(keys.ToString(), cancel));
        foreach (var key in configuration.JsonWebKeySet.GetSigningKeys())
        {
            configuration.SigningKeys.Add(key);
        }
        return configuration;
    }
}
