using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using AeonNova.Approvals.Http;
using AeonNova.Approvals.Links;
using AeonNova.Local.Config;
using AeonNova.Local.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AeonNova.Local.Auth;

/// <summary>What the gate needs, built once from the options.</summary>
public sealed class OperatorAuthSettings
{
    public OperatorAuthSettings(AeonNovaOptions options, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        Options = options.Auth;
        Hosts = new HostAllowList(options);
        Origins = Hosts.RequestOrigins();
        Oidc = new OidcSignInSettings(options.Auth.Oidc, options.PublicBaseUrl, environment);
        if (options.Auth.MetricsTokenEnv.Length > 0)
        {
            MetricsToken = environment(options.Auth.MetricsTokenEnv) is { Length: >= 16 } token ? token
                : throw new ConfigException($"auth.metricsTokenEnv: the environment variable {options.Auth.MetricsTokenEnv} must hold a token of at least 16 characters");
        }
    }

    public AuthOptions Options { get; }
    public HostAllowList Hosts { get; }
    public RequestOrigin Origins { get; }
    public string? MetricsToken { get; }
    public OidcSignInSettings Oidc { get; }
    public TimeSpan SessionLifetime => TimeSpan.FromMinutes(Math.Max(1, Options.SessionMinutes));
}

/// <summary>
/// Operator sign-in for everything except the webhooks, the approval pages and /health. Default deny: a path
/// that is not on the short public list needs a session; reading needs viewer, any other method operator,
/// /admin admin. Pages answer 302 to /signin, JSON 401; a role too low gets 403. Every state-changing request
/// that a browser can send (sign-in included) must come from our own origin.
/// </summary>
public static class OperatorAuth
{
    public const string SessionCookie = "aeonnova_session";
    private const string OperatorKey = "aeonnova.operator";

    public static IServiceCollection AddOperatorAuth(this IServiceCollection services, OperatorAuthSettings settings, OperatorAccounts accounts)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(settings);
        services.AddSingleton(accounts);
        services.AddSingleton(new FirstAdminSetup(accounts.Count() == 0));
        services.AddOidcSignIn(settings.Oidc);
        return services;
    }

    /// <summary>The signed-in operator of this request (set by the gate), or null.</summary>
    public static SignedInOperator? Current(HttpContext context) =>
        context?.Items.TryGetValue(OperatorKey, out var value) == true ? value as SignedInOperator : null;

    /// <summary>Host check, then the sign-in gate, then routing; and the /signin, /signout, /setup pages.</summary>
    public static WebApplication UseOperatorAuth(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var settings = app.Services.GetRequiredService<OperatorAuthSettings>();
        var accounts = app.Services.GetRequiredService<OperatorAccounts>();
        app.Use(async (context, next) =>
        {
            if (!settings.Hosts.Allows(context.Request.Host.Value, context.Request.IsHttps))
            {
                await JsonBodies.ErrorAsync(context, StatusCodes.Status400BadRequest, "bad_host", "this server does not answer to that host name");
                return;
            }
            if (await GateAsync(context, settings, accounts))
            {
                await next(context);
            }
        });
        OidcSignIn.Map(app, settings.Oidc);
        app.UseRouting();
        SignInEndpoints.Map(app, settings, accounts);
        var setup = app.Services.GetRequiredService<FirstAdminSetup>();
        if (setup.Token is { } token)
        {
            var baseUrl = settings.Hosts.Origins.FirstOrDefault() ?? "http://127.0.0.1:5080";
            app.Lifetime.ApplicationStarted.Register(() => Console.Error.WriteLine(
                $"aeonnova: no operator account yet. Create the first admin once at {baseUrl}/setup?token={token} (or run 'aeonnova users add'). The link works until an account exists."));
        }
        return app;
    }

    private enum Access
    {
        Public,
        PublicForm,
        Metrics,
        SignedIn,
        Viewer,
        Operator,
        Admin,
    }

    /// <summary>The rule table: who may reach what. Anything not named here needs a signed-in operator.</summary>
    private static Access Classify(string method, string path)
    {
        var segments = path.Trim('/').Split('/');
        var read = HttpMethods.IsGet(method) || HttpMethods.IsHead(method);
        return segments switch
        {
            ["health"] or ["health", "ready"] => Access.Public,
            ["alerts", _] => Access.Public,
            ["approvals", var id] when LinkTokens.IsWellFormedApprovalId(id) => Access.Public,
            // Chat platforms' callbacks: no operator session and no browser Origin, but every request is verified as
            // signed by the platform (Slack signature v0, Bot Framework JWT) before anything is read from it.
            ["chat", "slack", "interactions"] or ["chat", "teams", "messages"] when HttpMethods.IsPost(method) => Access.Public,
            ["signin"] or ["setup"] => Access.PublicForm,
            // Starting an OpenID Connect sign-in and the provider's redirect back (a cross-site GET by design).
            ["signin", "oidc"] or ["signin", "oidc", "callback"] => read ? Access.Public : Access.PublicForm,
            ["metrics"] => Access.Metrics,
            ["signout"] => Access.SignedIn,
            // An approver may be a viewer: the approval policy, not the operator role, decides who approves.
            ["ui", "approvals", _, "open"] => Access.SignedIn,
            ["admin", ..] => Access.Admin,
            _ => read ? Access.Viewer : Access.Operator,
        };
    }

    private static async Task<bool> GateAsync(HttpContext context, OperatorAuthSettings settings, OperatorAccounts accounts)
    {
        var request = context.Request;
        var access = Classify(request.Method, request.Path.Value ?? "/");
        var read = HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method);
        if (access == Access.Public)
        {
            return true;
        }
        if (!read && !settings.Origins.IsTrustedPost(request.Headers.Origin.FirstOrDefault(), request.Headers["Sec-Fetch-Site"].FirstOrDefault(), request.Headers.Referer.FirstOrDefault()))
        {
            await JsonBodies.ErrorAsync(context, StatusCodes.Status403Forbidden, "cross_origin", "this request did not come from this server's own pages");
            return false;
        }
        if (access == Access.PublicForm)
        {
            return true;
        }
        if (access == Access.Metrics && settings.MetricsToken is { } scrape && BearerMatches(request, scrape))
        {
            return true;
        }
        var signedIn = accounts.FindSession(request.Cookies[SessionCookie]);
        if (signedIn is null)
        {
            if (WantsHtml(request))
            {
                context.Response.Redirect($"/signin?returnUrl={Uri.EscapeDataString(request.Path + request.QueryString)}");
            }
            else
            {
                context.Response.Headers.WWWAuthenticate = "Bearer realm=\"aeonnova\"";
                await JsonBodies.ErrorAsync(context, StatusCodes.Status401Unauthorized, "unauthenticated", "sign in at /signin first");
            }
            return false;
        }
        var needed = access switch
        {
            Access.Operator => OperatorRole.Operator,
            Access.Admin => OperatorRole.Admin,
            _ => OperatorRole.Viewer,
        };
        if (signedIn.Role < needed)
        {
            await JsonBodies.ErrorAsync(context, StatusCodes.Status403Forbidden, "forbidden",
                $"this needs the {OperatorAccounts.RoleName(needed)} role; {signedIn.Name} is {OperatorAccounts.RoleName(signedIn.Role)}");
            return false;
        }
        context.Items[OperatorKey] = signedIn;
        return true;
    }

    private static bool WantsHtml(HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        return path == "/" || path.StartsWith("/ui", StringComparison.Ordinal)
            || (request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase) && !path.StartsWith("/executions", StringComparison.Ordinal));
    }

    private static bool BearerMatches(HttpRequest request, string expected)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(header[7..].Trim())), SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    /// <summary>Set-Cookie value for a session: HttpOnly, SameSite=Strict, Secure on https.</summary>
    public static string SessionCookieHeader(string value, bool https, TimeSpan? lifetime) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{SessionCookie}={value}; Path=/; HttpOnly; SameSite=Strict{(https ? "; Secure" : "")}{(lifetime is { } l ? $"; Max-Age={(int)l.TotalSeconds}" : "; Max-Age=0")}");

    internal static string Encode(string? text) => WebUtility.HtmlEncode(text ?? "");
}

/// <summary>The one-time token that lets the first admin be created from the browser (in memory; dies with the first account).</summary>
public sealed class FirstAdminSetup
{
    private readonly Lock _gate = new();
    private string? _token;

    public FirstAdminSetup(bool needed)
    {
        _token = needed ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).TrimEnd('=').Replace('+', '-').Replace('/', '_') : null;
    }

    public string? Token
    {
        get
        {
            lock (_gate)
            {
                return _token;
            }
        }
    }

    /// <summary>
    /// Runs <paramref name="create"/> when the token is right and still unused, then retires the token. False for a
    /// wrong or used token; an exception from <paramref name="create"/> (a bad name or password) keeps the token.
    /// </summary>
    public bool TryCreate(string? presented, Action create)
    {
        ArgumentNullException.ThrowIfNull(create);
        lock (_gate)
        {
            if (_token is null || presented is null || !LinkTokens.FixedTimeEquals(_token, presented))
            {
                return false;
            }
            create();
            _token = null;
            return true;
        }
    }
}
