using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using AeonNova.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace AeonNova.Local.Tests.Support;

/// <summary>What the provider does wrong in the id_token it issues (None = a correct token).</summary>
public enum IdTokenFault
{
    None,
    WrongIssuer,
    WrongAudience,
    WrongSignature,
    Expired,
    WrongNonce,
}

/// <summary>
/// A small OpenID Connect provider on loopback Kestrel (both 127.0.0.1 and [::1], so it can be addressed as
/// <c>localhost</c>, a different site from serve's 127.0.0.1): discovery document, JWKS with an RSA key made for
/// this instance, an authorize endpoint that signs in <see cref="Email"/> at once, and a token endpoint that checks
/// the code, client secret and PKCE verifier and issues a signed id_token carrying the request's nonce.
/// Shapes follow OpenID Connect Core 1.0 §3.1 and Discovery 1.0 §3, PKCE RFC 7636 §4.6.
/// </summary>
public sealed class TestOidcProvider : IAsyncDisposable
{
    public const string ClientId = "aeonnova-test";
    public const string ClientSecret = "test-client-secret-0123456789";

    private readonly RSA key = RSA.Create(2048);
    private readonly RSA otherKey = RSA.Create(2048);
    private readonly string keyId = Convert.ToHexString(RandomNumberGenerator.GetBytes(8));
    private readonly ConcurrentDictionary<string, Grant> grants = new(StringComparer.Ordinal);
    private WebApplication? app;
    private int verifiedCodeExchanges;

    private sealed record Grant(string ClientId, string RedirectUri, string? Nonce, string Challenge, string Method);

    public string Issuer { get; private set; } = "";
    public string Email { get; set; } = "sam@example.com";
    public IReadOnlyList<string> Groups { get; set; } = [];
    public IdTokenFault Fault { get; set; }
    /// <summary>Token requests whose PKCE verifier matched the authorize request's S256 challenge.</summary>
    public int VerifiedCodeExchanges => verifiedCodeExchanges;

    public static async Task<TestOidcProvider> StartAsync()
    {
        var provider = new TestOidcProvider();
        provider.app = await LoopbackServer.StartAsync((app, baseUrl) =>
        {
            provider.Issuer = baseUrl;
            app.MapGet("/.well-known/openid-configuration", provider.Discovery);
            app.MapGet("/jwks", provider.Jwks);
            app.MapGet("/authorize", provider.Authorize);
            app.MapPost("/token", provider.TokenAsync);
        }, hostName: "localhost");
        return provider;
    }

    private IResult Discovery() => Results.Text(new JsonObject
    {
        ["issuer"] = Issuer,
        ["authorization_endpoint"] = $"{Issuer}/authorize",
        ["token_endpoint"] = $"{Issuer}/token",
        ["jwks_uri"] = $"{Issuer}/jwks",
        ["response_types_supported"] = new JsonArray("code"),
        ["subject_types_supported"] = new JsonArray("public"),
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["code_challenge_methods_supported"] = new JsonArray("S256"),
        ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_post"),
    }.ToJsonString(), "application/json");

    private IResult Jwks()
    {
        var parameters = key.ExportParameters(false);
        return Results.Text(new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["alg"] = "RS256",
                ["kid"] = keyId,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            }),
        }.ToJsonString(), "application/json");
    }

    /// <summary>Signs the configured user in without asking and sends the browser back with a code.</summary>
    private IResult Authorize(HttpRequest request)
    {
        var query = request.Query;
        if (query["client_id"] != ClientId || query["response_type"] != "code" || string.IsNullOrEmpty(query["code_challenge"]))
        {
            return Results.BadRequest("client_id, response_type=code and a PKCE code_challenge are required");
        }
        var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        grants[code] = new Grant(ClientId, query["redirect_uri"].ToString(), query["nonce"], query["code_challenge"].ToString(), query["code_challenge_method"].ToString());
        var redirect = $"{query["redirect_uri"]}?code={code}&state={Uri.EscapeDataString(query["state"].ToString())}";
        return Results.Redirect(redirect);
    }

    private async Task<IResult> TokenAsync(HttpRequest request)
    {
        var form = await request.ReadFormAsync();
        if (form["grant_type"] != "authorization_code" || !grants.TryRemove(form["code"].ToString(), out var grant))
        {
            return Error(400, "invalid_grant");
        }
        if (form["client_id"] != grant.ClientId || form["client_secret"] != ClientSecret || form["redirect_uri"] != grant.RedirectUri)
        {
            return Error(401, "invalid_client");
        }
        var verifier = form["code_verifier"].ToString();
        var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));
        if (grant.Method != "S256" || verifier.Length < 43 || challenge != grant.Challenge)
        {
            return Error(400, "invalid_grant");
        }
        Interlocked.Increment(ref verifiedCodeExchanges);
        return Results.Text(new JsonObject
        {
            ["access_token"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)),
            ["token_type"] = "Bearer",
            ["expires_in"] = 300,
            ["id_token"] = IdToken(grant.Nonce),
        }.ToJsonString(), "application/json");
    }

    private static IResult Error(int status, string error) =>
        Results.Text(new JsonObject { ["error"] = error }.ToJsonString(), "application/json", statusCode: status);

    private string IdToken(string? nonce)
    {
        var now = DateTime.UtcNow;
        var issued = Fault == IdTokenFault.Expired ? now.AddHours(-2) : now;
        var claims = new Dictionary<string, object>
        {
            ["sub"] = Email.Split('@')[0],
            ["email"] = Email,
            ["email_verified"] = true,
            ["nonce"] = Fault == IdTokenFault.WrongNonce ? "not-the-nonce-of-this-request" : nonce ?? "",
        };
        if (Groups.Count > 0)
        {
            claims["groups"] = Groups.ToArray();
        }
        var signing = new RsaSecurityKey(Fault == IdTokenFault.WrongSignature ? otherKey : key) { KeyId = keyId };
        return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Fault == IdTokenFault.WrongIssuer ? "http://evil.example" : Issuer,
            Audience = Fault == IdTokenFault.WrongAudience ? "some-other-client" : ClientId,
            IssuedAt = issued,
            NotBefore = issued,
            Expires = issued.AddMinutes(Fault == IdTokenFault.Expired ? 30 : 5),
            Claims = claims,
            SigningCredentials = new SigningCredentials(signing, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        key.Dispose();
        otherKey.Dispose();
    }
}
