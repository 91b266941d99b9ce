using System.Security.Claims;
using System.Text.Encodings.Web;
using AeonNova.Local.Config;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace AeonNova.Local.Auth;

/// <summary>The checked OpenID Connect settings; <see cref="Enabled"/> is false while <c>auth.oidc.authority</c> is empty.</summary>
public sealed class OidcSignInSettings
{
    /// <param name="publicBaseUrl">serve's <c>publicBaseUrl</c> (behind a proxy the callback must name it); empty = the request's own origin.</param>
    public OidcSignInSettings(OidcOptions options, string publicBaseUrl, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(publicBaseUrl);
        ArgumentNullException.ThrowIfNull(environment);
        Options = options;
        CallbackUrl = publicBaseUrl.Length > 0 ? publicBaseUrl.TrimEnd('/') + OidcSignIn.CallbackPath : null;
        if (options.Authority.Length == 0)
        {
            return;
        }
        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http"))
        {
            throw new ConfigException($"auth.oidc.authority: '{options.Authority}' is not an absolute http(s) URL of the identity provider");
        }
        // Discovery, keys and tokens over plain http only from this machine (a test or development provider).
        HttpsMetadata = !HostAllowList.IsLoopback(authority.Host);
        if (authority.Scheme != "https" && HttpsMetadata)
        {
            throw new ConfigException($"auth.oidc.authority: '{options.Authority}' must use https (plain http is allowed only for a loopback provider)");
        }
        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            throw new ConfigException("auth.oidc.clientId: required when auth.oidc.authority is set (the client id registered at the identity provider)");
        }
        if (!options.Scopes.Contains("openid", StringComparer.Ordinal))
        {
            throw new ConfigException("auth.oidc.scopes: must include 'openid'");
        }
        if (string.IsNullOrWhiteSpace(options.RoleClaim))
        {
            throw new ConfigException("auth.oidc.roleClaim: required (the id_token claim holding groups or roles, e.g. 'groups')");
        }
        if (options.RoleMap.Count == 0)
        {
            throw new ConfigException("auth.oidc.roleMap: map at least one claim value to admin, operator or viewer (nobody could sign in otherwise)");
        }
        foreach (var (value, role) in options.RoleMap)
        {
            try
            {
                OperatorAccounts.ParseRole(role);
            }
            catch (ArgumentException)
            {
                throw new ConfigException($"auth.oidc.roleMap.{value}: '{role}' is not a role (admin, operator, viewer)");
            }
        }
        if (options.ClientSecretEnv.Length > 0)
        {
            ClientSecret = environment(options.ClientSecretEnv) is { Length: > 0 } secret ? secret
                : throw new ConfigException($"auth.oidc.clientSecretEnv: the environment variable {options.ClientSecretEnv} is not set");
        }
        Enabled = true;
    }

    public OidcOptions Options { get; }
    public bool Enabled { get; }
    public bool HttpsMetadata { get; }
    public string? ClientSecret { get; }
    /// <summary>The redirect URI sent to the provider when serve sits behind a proxy; null = derived from the request.</summary>
    public string? CallbackUrl { get; }
}

/// <summary>Who the identity provider vouched for, or why they may not come in.</summary>
public sealed record OidcDecision(SignedInOperator? Operator, string? Refusal);

/// <summary>
/// OpenID Connect as the second way to sign in: authorization code flow with PKCE, the id_token checked by the
/// ASP.NET Core handler (issuer and keys from the provider's discovery document, audience = our client id,
/// lifetime, nonce, state). The handler's own sign-in is never used: once the ticket is in, the claims are mapped
/// to a role and the same server-side session as a local sign-in starts (cookie HttpOnly, SameSite=Strict).
/// Only the short-lived correlation and nonce cookies are SameSite=Lax, because the provider sends the browser
/// back with a cross-site top-level GET (response_mode=query), on which a Strict cookie would not be sent.
/// </summary>
public static class OidcSignIn
{
    public const string Scheme = "oidc";
    public const string StartPath = "/signin/oidc";
    public const string CallbackPath = "/signin/oidc/callback";
    /// <summary>
    /// The handler's sign-in scheme. It must name a scheme other than the OpenID Connect one (with a single scheme
    /// ASP.NET Core makes it the default, and the handler would authenticate against itself forever); it never signs
    /// anyone in, because <see cref="TicketReceivedAsync"/> always ends the callback first.
    /// </summary>
    public const string ExternalScheme = "oidc-external";

    public static IServiceCollection AddOidcSignIn(this IServiceCollection services, OidcSignInSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(settings);
        if (!settings.Enabled)
        {
            return services;
        }
        var options = settings.Options;
        // State and correlation protection only has to outlive one sign-in round trip: keys in memory, nothing
        // written to disk (a restart in the middle of a sign-in just means signing in again).
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        var authentication = services.AddAuthentication();
        authentication.AddScheme<AuthenticationSchemeOptions, NoExternalSignIn>(ExternalScheme, _ => { });
        authentication.AddOpenIdConnect(Scheme, o =>
        {
            o.SignInScheme = ExternalScheme;
            o.Authority = options.Authority;
            o.ClientId = options.ClientId;
            o.ClientSecret = settings.ClientSecret;
            o.RequireHttpsMetadata = settings.HttpsMetadata;
            o.ResponseType = OpenIdConnectResponseType.Code;
            o.ResponseMode = OpenIdConnectResponseMode.Query;
            o.UsePkce = true;
            o.CallbackPath = CallbackPath;
            o.Scope.Clear();
            foreach (var scope in options.Scopes)
            {
                o.Scope.Add(scope);
            }
            o.MapInboundClaims = false;
            o.SaveTokens = false;
            o.GetClaimsFromUserInfoEndpoint = false;
            o.DisableTelemetry = true;
            o.TokenValidationParameters.RoleClaimType = options.RoleClaim;
            o.TokenValidationParameters.NameClaimType = "email";
            foreach (var cookie in new[] { o.CorrelationCookie, o.NonceCookie })
            {
                cookie.SameSite = SameSiteMode.Lax;
                cookie.SecurePolicy = Microsoft.AspNetCore.Http.CookieSecurePolicy.SameAsRequest;
                cookie.HttpOnly = true;
            }
            o.Events = new OpenIdConnectEvents
            {
                OnRedirectToIdentityProvider = c =>
                {
                    if (settings.CallbackUrl is { } callback)
                    {
                        c.ProtocolMessage.RedirectUri = callback;
                    }
                    return Task.CompletedTask;
                },
                OnTicketReceived = TicketReceivedAsync,
                OnRemoteFailure = RemoteFailureAsync,
            };
        });
        return services;
    }

    /// <summary>Handles the callback path (before routing) and maps GET /signin/oidc, which starts the round trip.</summary>
    internal static void Map(WebApplication app, OidcSignInSettings settings)
    {
        if (!settings.Enabled)
        {
            return;
        }
        app.UseAuthentication();
        app.MapGet(StartPath, (HttpContext c) => c.ChallengeAsync(Scheme,
            new AuthenticationProperties { RedirectUri = SignInEndpoints.ReturnUrl(c.Request.Query["returnUrl"]) }));
    }

    /// <summary>Maps the validated claims to an operator: email required (and verified when the provider says), domain allowed, highest mapped role.</summary>
    public static OidcDecision Decide(OidcOptions options, IReadOnlyCollection<Claim> claims)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(claims);
        var email = claims.FirstOrDefault(c => c.Type == "email")?.Value.Trim();
        if (string.IsNullOrEmpty(email) || !email.Contains('@', StringComparison.Ordinal))
        {
            return new OidcDecision(null, "the identity provider sent no email address (add the 'email' scope)");
        }
        if (claims.FirstOrDefault(c => c.Type == "email_verified") is { } verified && !string.Equals(verified.Value, "true", StringComparison.OrdinalIgnoreCase))
        {
            return new OidcDecision(null, $"the identity provider has not verified {email}");
        }
        var domain = email[(email.LastIndexOf('@') + 1)..];
        if (options.AllowedEmailDomains.Count > 0 && !options.AllowedEmailDomains.Contains(domain, StringComparer.OrdinalIgnoreCase))
        {
            return new OidcDecision(null, $"{email}: the domain {domain} may not sign in here");
        }
        var roles = claims.Where(c => c.Type == options.RoleClaim && options.RoleMap.ContainsKey(c.Value))
            .Select(c => OperatorAccounts.ParseRole(options.RoleMap[c.Value])).ToList();
        if (roles.Count == 0)
        {
            return new OidcDecision(null, $"{email} has no role here: none of their '{options.RoleClaim}' values is mapped in auth.oidc.roleMap");
        }
        return new OidcDecision(new SignedInOperator(email, email, roles.Max()), null);
    }

    private static async Task TicketReceivedAsync(TicketReceivedContext context)
    {
        context.HandleResponse();
        var http = context.HttpContext;
        var settings = http.RequestServices.GetRequiredService<OidcSignInSettings>();
        var decision = Decide(settings.Options, context.Principal?.Claims.ToList() ?? []);
        if (decision.Operator is not { } signedIn)
        {
            Logger(http).LogWarning("OpenID Connect sign-in refused: {Reason}", decision.Refusal);
            await SignInEndpoints.Page(http, StatusCodes.Status403Forbidden,
                $"<h1>No access</h1><p>{OperatorAuth.Encode(decision.Refusal)}</p><p>Ask an admin to map your group in <code>auth.oidc.roleMap</code>.</p>");
            return;
        }
        var auth = http.RequestServices.GetRequiredService<OperatorAuthSettings>();
        var token = http.RequestServices.GetRequiredService<OperatorAccounts>().StartSession(signedIn, auth.SessionLifetime);
        http.Response.Headers.Append("Set-Cookie", OperatorAuth.SessionCookieHeader(token, http.Request.IsHttps, auth.SessionLifetime));
        var target = SignInEndpoints.ReturnUrl(context.ReturnUri);
        // A page rather than a 302: the browser arrived here from the provider's site, and a redirect would still
        // count as cross-site, so the new SameSite=Strict cookie would not go with it. This navigation is our own.
        await SignInEndpoints.Page(http, StatusCodes.Status200OK,
            $"<meta http-equiv=\"refresh\" content=\"0;url={OperatorAuth.Encode(target)}\"><h1>Signed in</h1><p>Continue to <a href=\"{OperatorAuth.Encode(target)}\">AeonNova</a>.</p>");
    }

    private static async Task RemoteFailureAsync(RemoteFailureContext context)
    {
        context.HandleResponse();
        Logger(context.HttpContext).LogWarning("OpenID Connect sign-in failed: {Reason}", context.Failure?.Message);
        await SignInEndpoints.Page(context.HttpContext, StatusCodes.Status401Unauthorized,
            "<h1>Sign-in failed</h1><p>The identity provider's answer could not be verified. <a href=\"/signin\">Try again</a>.</p>");
    }

    private static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("AeonNova.Local.Auth.OidcSignIn");
}

/// <summary>The OpenID Connect handler's required sign-in scheme; authenticates nobody and refuses to sign in (sessions are ours).</summary>
internal sealed class NoExternalSignIn(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : SignInAuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());

    protected override Task HandleSignInAsync(ClaimsPrincipal user, AuthenticationProperties? properties) =>
        throw new InvalidOperationException("OpenID Connect sign-in ends in OidcSignIn's ticket handler, which starts a server-side session; no cookie sign-in exists");

    protected override Task HandleSignOutAsync(AuthenticationProperties? properties) => Task.CompletedTask;
}
