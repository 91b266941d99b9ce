using System.Net;
using System.Security.Claims;
using AeonNova.Local.Auth;
using AeonNova.Local.Config;
using AeonNova.Local.Tests.Support;

namespace AeonNova.Local.Tests.Security;

/// <summary>
/// OpenID Connect sign-in against <see cref="TestOidcProvider"/>: the whole code flow with PKCE runs through real
/// Kestrel hosts; a token the provider got wrong starts no session; roles come from the mapped group claim.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OidcSignInTests
{
    private const string SecretVariable = "AEONNOVA_TEST_OIDC_SECRET";

    [Fact]
    public async Task SignIn_WhenProviderVouchesForMappedGroups_ShouldStartAStrictSessionWithTheHighestMappedRole()
    {
        await using var provider = await TestOidcProvider.StartAsync();
        await using var host = await StartHostAsync(provider);

        provider.Email = "sam@example.com";
        provider.Groups = ["sre", "unrelated"];
        var (asOperator, signedIn) = await SignInThroughProviderAsync(host, "/ui");
        using (asOperator)
        {
            Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
            var cookie = Assert.Single(signedIn.Headers.GetValues("Set-Cookie"), c => c.StartsWith(OperatorAuth.SessionCookie + "=", StringComparison.Ordinal));
            Assert.Contains("HttpOnly", cookie, StringComparison.Ordinal);
            Assert.Contains("SameSite=Strict", cookie, StringComparison.Ordinal);
            Assert.Contains("url=/ui", await signedIn.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(1, provider.VerifiedCodeExchanges);
            using var reads = await asOperator.GetAsync("/executions");
            Assert.Equal(HttpStatusCode.OK, reads.StatusCode);
            using var acts = await SameOriginPostAsync(host, asOperator, "/executions/no-such-execution/cancel");
            Assert.NotEqual(HttpStatusCode.Forbidden, acts.StatusCode);
            Assert.NotEqual(HttpStatusCode.Unauthorized, acts.StatusCode);
            using var manages = await asOperator.GetAsync("/admin/users");
            Assert.Equal(HttpStatusCode.Forbidden, manages.StatusCode);
        }
        signedIn.Dispose();

        provider.Email = "ana@example.com";
        provider.Groups = ["auditors", "aeonnova-admins"];
        var (asAdmin, adminSignIn) = await SignInThroughProviderAsync(host, "/ui");
        using (asAdmin)
        using (adminSignIn)
        {
            Assert.Equal(HttpStatusCode.OK, adminSignIn.StatusCode);
            using var manages = await asAdmin.GetAsync("/admin/users");
            Assert.NotEqual(HttpStatusCode.Forbidden, manages.StatusCode);
            Assert.NotEqual(HttpStatusCode.Unauthorized, manages.StatusCode);
        }

        provider.Email = "val@example.com";
        provider.Groups = ["auditors"];
        var (asViewer, viewerSignIn) = await SignInThroughProviderAsync(host, "/ui");
        using (asViewer)
        using (viewerSignIn)
        {
            using var reads = await asViewer.GetAsync("/executions");
            Assert.Equal(HttpStatusCode.OK, reads.StatusCode);
            using var acts = await SameOriginPostAsync(host, asViewer, "/executions/no-such-execution/cancel");
            Assert.Equal(HttpStatusCode.Forbidden, acts.StatusCode);
        }
    }

    [Theory]
    [InlineData(IdTokenFault.WrongIssuer)]
    [InlineData(IdTokenFault.WrongAudience)]
    [InlineData(IdTokenFault.WrongSignature)]
    [InlineData(IdTokenFault.Expired)]
    [InlineData(IdTokenFault.WrongNonce)]
    public async Task SignIn_WhenIdTokenCannotBeTrusted_ShouldRefuseAndStartNoSession(IdTokenFault fault)
    {
        await using var provider = await TestOidcProvider.StartAsync();
        await using var host = await StartHostAsync(provider);
        provider.Groups = ["aeonnova-admins"];
        provider.Fault = fault;

        var (client, response) = await SignInThroughProviderAsync(host, "/ui");
        using (client)
        using (response)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.False(response.Headers.TryGetValues("Set-Cookie", out var cookies)
                && cookies.Any(c => c.StartsWith(OperatorAuth.SessionCookie + "=", StringComparison.Ordinal)), $"{fault}: a session cookie was set");
            Assert.Equal(1, provider.VerifiedCodeExchanges);
            using var reads = await client.GetAsync("/executions");
            Assert.Equal(HttpStatusCode.Unauthorized, reads.StatusCode);
        }
    }

    [Fact]
    public async Task SignIn_WhenNoGroupOfTheUserIsMapped_ShouldAnswer403AndStartNoSession()
    {
        await using var provider = await TestOidcProvider.StartAsync();
        await using var host = await StartHostAsync(provider);
        provider.Groups = ["marketing"];

        var (client, response) = await SignInThroughProviderAsync(host, "/ui");
        using (client)
        using (response)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Contains("auth.oidc.roleMap", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            using var reads = await client.GetAsync("/executions");
            Assert.Equal(HttpStatusCode.Unauthorized, reads.StatusCode);
        }
    }

    [Fact]
    public async Task SignIn_WhenEmailDomainIsNotAllowed_ShouldAnswer403()
    {
        await using var provider = await TestOidcProvider.StartAsync();
        await using var host = await StartHostAsync(provider);
        provider.Email = "mallory@elsewhere.example";
        provider.Groups = ["aeonnova-admins"];

        var (client, response) = await SignInThroughProviderAsync(host, "/ui");
        using (client)
        using (response)
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            using var reads = await client.GetAsync("/executions");
            Assert.Equal(HttpStatusCode.Unauthorized, reads.StatusCode);
        }
    }

    [Fact]
    public async Task SignInPage_WhenOidcConfigured_ShouldOfferTheProviderAndKeepOnlyALocalReturnUrl()
    {
        await using var provider = await TestOidcProvider.StartAsync();
        await using var host = await StartHostAsync(provider);

        var page = await host.Anonymous.GetStringAsync("/signin?returnUrl=%2Fui%2Fexecutions");
        Assert.Contains("href=\"/signin/oidc?returnUrl=%2Fui%2Fexecutions\"", page, StringComparison.Ordinal);
        provider.Groups = ["sre"];
        var (client, response) = await SignInThroughProviderAsync(host, "https://evil.example/");
        using (client)
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("url=/ui\"", body, StringComparison.Ordinal);
            Assert.DoesNotContain("evil.example", body, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Decide_WhenClaimsVary_ShouldRequireAVerifiedEmailAndAMappedRole()
    {
        var options = Options("http://localhost:1");
        Assert.Equal(OperatorRole.Operator, OidcSignIn.Decide(options, Claims("a@example.com", "true", "sre")).Operator?.Role);
        Assert.Equal(OperatorRole.Admin, OidcSignIn.Decide(options, Claims("a@example.com", null, "auditors", "aeonnova-admins")).Operator?.Role);
        Assert.Contains("not verified", OidcSignIn.Decide(options, Claims("a@example.com", "false", "sre")).Refusal, StringComparison.Ordinal);
        Assert.Contains("no email", OidcSignIn.Decide(options, Claims(null, "true", "sre")).Refusal, StringComparison.Ordinal);
        Assert.Contains("no role", OidcSignIn.Decide(options, Claims("a@example.com", "true", "SRE")).Refusal, StringComparison.Ordinal);
        Assert.Contains("domain", OidcSignIn.Decide(options, Claims("a@evil.example", "true", "sre")).Refusal, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://idp.example", "", "clientId")]
    [InlineData("http://idp.example", "c", "must use https")]
    [InlineData("not a url", "c", "authority")]
    [InlineData("https://idp.example", "c", "clientSecretEnv")]
    public void Settings_WhenOidcSettingIsWrong_ShouldRefuseNamingTheSetting(string authority, string clientId, string named)
    {
        var options = Options(authority) with { ClientId = clientId };
        var error = Assert.Throws<ConfigException>(() => new OidcSignInSettings(options, "", _ => null));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_WhenRoleMapNamesAnUnknownRole_ShouldRefuseNamingTheEntry()
    {
        var options = Options("https://idp.example") with { RoleMap = new(StringComparer.Ordinal) { ["sre"] = "superuser" } };
        var error = Assert.Throws<ConfigException>(() => new OidcSignInSettings(options, "", _ => "secret"));
        Assert.Contains("auth.oidc.roleMap.sre", error.Message, StringComparison.Ordinal);
    }

    internal static OidcOptions Options(string authority) => new()
    {
        Authority = authority,
        ClientId = TestOidcProvider.ClientId,
        ClientSecretEnv = SecretVariable,
        RoleClaim = "groups",
        RoleMap = new(StringComparer.Ordinal) { ["aeonnova-admins"] = "admin", ["sre"] = "operator", ["auditors"] = "viewer" },
        AllowedEmailDomains = ["example.com"],
        DisplayName = "Test IdP",
    };

    internal static Task<RunningHost> StartHostAsync(TestOidcProvider provider) => RunningHost.StartAsync(
        o => o with { Auth = o.Auth with { Oidc = Options(provider.Issuer) } },
        environment: name => name == SecretVariable ? TestOidcProvider.ClientSecret : null);

    private static List<Claim> Claims(string? email, string? verified, params string[] groups)
    {
        var claims = groups.Select(g => new Claim("groups", g)).ToList();
        if (email is not null)
        {
            claims.Add(new Claim("email", email));
        }
        if (verified is not null)
        {
            claims.Add(new Claim("email_verified", verified));
        }
        return claims;
    }

    /// <summary>GET /signin/oidc and follow every redirect (serve → provider → serve callback) with one cookie jar.</summary>
    private static async Task<(HttpClient Client, HttpResponseMessage Response)> SignInThroughProviderAsync(RunningHost host, string returnUrl)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = true }) { BaseAddress = new Uri(host.Url) };
        var response = await client.GetAsync($"/signin/oidc?returnUrl={Uri.EscapeDataString(returnUrl)}");
        return (client, response);
    }

    private static async Task<HttpResponseMessage> SameOriginPostAsync(RunningHost host, HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path);
        request.Headers.Add("Origin", host.Url);
        return await client.SendAsync(request);
    }
}
