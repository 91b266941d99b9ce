using System.Text;
using AeonNova.Approvals.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using static AeonNova.Local.Auth.OperatorAuth;

namespace AeonNova.Local.Auth;

/// <summary>/signin (local accounts), /signout, and the one-time /setup of the first admin.</summary>
internal static class SignInEndpoints
{
    public static void Map(WebApplication app, OperatorAuthSettings settings, OperatorAccounts accounts)
    {
        var oidc = settings.Oidc.Enabled ? settings.Oidc.Options.DisplayName : null;
        app.MapGet("/signin", (HttpContext c) => Page(c, 200, SignInForm(ReturnUrl(c.Request.Query["returnUrl"]), null, oidc)));
        app.MapPost("/signin", async (HttpContext c) =>
        {
            var form = await ReadFormAsync(c);
            var returnUrl = ReturnUrl(form.GetValueOrDefault("returnUrl"));
            var result = accounts.SignIn(form.GetValueOrDefault("user") ?? "", form.GetValueOrDefault("password") ?? "",
                Math.Max(1, settings.Options.MaxFailedSignIns), TimeSpan.FromMinutes(Math.Max(1, settings.Options.LockoutMinutes)), settings.SessionLifetime);
            switch (result.Outcome)
            {
                case SignInOutcome.SignedIn:
                    c.Response.Headers.Append("Set-Cookie", SessionCookieHeader(result.SessionToken!, c.Request.IsHttps, settings.SessionLifetime));
                    c.Response.Redirect(returnUrl);
                    return;
                case SignInOutcome.LockedOut:
                    await Page(c, 429, SignInForm(returnUrl, "Too many failed sign-ins: this account is locked for a while. Ask an admin, or try again later.", oidc));
                    return;
                default:
                    await Page(c, 401, SignInForm(returnUrl, "Wrong user name or password.", oidc));
                    return;
            }
        });
        app.MapPost("/signout", (HttpContext c) =>
        {
            accounts.EndSession(c.Request.Cookies[SessionCookie]);
            c.Response.Headers.Append("Set-Cookie", SessionCookieHeader("", c.Request.IsHttps, null));
            c.Response.Redirect("/signin");
        });
        app.MapGet("/setup", (HttpContext c, FirstAdminSetup setup) => setup.Token is null || accounts.Count() > 0
            ? Page(c, 404, "<h1>Setup is done</h1><p>An account exists. <a href=\"/signin\">Sign in</a>.</p>")
            : Page(c, 200, SetupForm(c.Request.Query["token"].FirstOrDefault() ?? "", null)));
        app.MapPost("/setup", async (HttpContext c, FirstAdminSetup setup) =>
        {
            var form = await ReadFormAsync(c);
            var token = form.GetValueOrDefault("token");
            try
            {
                // An account made meanwhile (e.g. with 'aeonnova users add') ends the setup link too.
                if (accounts.Count() > 0 || !setup.TryCreate(token, () => accounts.Add(form.GetValueOrDefault("user") ?? "", form.GetValueOrDefault("email") ?? "", OperatorRole.Admin, form.GetValueOrDefault("password") ?? "")))
                {
                    await Page(c, 403, "<h1>Setup link not valid</h1><p>The one-time setup link is wrong or was used. Use <code>aeonnova users add</code>.</p>");
                    return;
                }
            }
            catch (ArgumentException ex)
            {
                await Page(c, 400, SetupForm(token ?? "", ex.Message.Split(" (Parameter", 2)[0]));
                return;
            }
            c.Response.Redirect("/signin");
        });
    }

    /// <summary>Only a local path may follow sign-in (never another site: no open redirect).</summary>
    internal static string ReturnUrl(string? value) =>
        value is { Length: > 0 } v && v.StartsWith('/') && !v.StartsWith("//", StringComparison.Ordinal) && !v.Contains('\\', StringComparison.Ordinal) ? v : "/ui";

    private static async Task<Dictionary<string, string>> ReadFormAsync(HttpContext context)
    {
        if (context.Request.ContentLength > FormBody.MaxBytes || !(context.Request.ContentType ?? "").StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
        {
            return [];
        }
        using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(context.RequestAborted);
        return text.Length > FormBody.MaxBytes ? [] : new Dictionary<string, string>(FormBody.Parse(text), StringComparer.Ordinal);
    }

    private static string SignInForm(string returnUrl, string? error, string? oidc) => $"""
        <h1>Sign in to AeonNova</h1>{Error(error)}
        <form method="post" action="/signin">
        <input type="hidden" name="returnUrl" value="{Encode(returnUrl)}">
        <p><label>User name<br><input name="user" autocomplete="username" required></label></p>
        <p><label>Password<br><input name="password" type="password" autocomplete="current-password" required></label></p>
        <p><button type="submit">Sign in</button></p></form>{(oidc is null ? "" : $"<p>or <a href=\"{OidcSignIn.StartPath}?returnUrl={Uri.EscapeDataString(returnUrl)}\">Sign in with {Encode(oidc)}</a></p>")}
        """;

    private static string SetupForm(string token, string? error) => $"""
        <h1>Create the first admin</h1>{Error(error)}
        <p>This one-time page creates the first account (role admin). Approvers are matched by email to the approval policy.</p>
        <form method="post" action="/setup">
        <input type="hidden" name="token" value="{Encode(token)}">
        <p><label>User name<br><input name="user" autocomplete="username" required></label></p>
        <p><label>Email<br><input name="email" type="email" required></label></p>
        <p><label>Password (at least {PasswordHasher.MinimumLength} characters)<br><input name="password" type="password" autocomplete="new-password" required></label></p>
        <p><button type="submit">Create admin</button></p></form>
        """;

    private static string Error(string? error) => error is null ? "" : $"<p class=\"error\" role=\"alert\">{Encode(error)}</p>";

    internal static Task Page(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.Headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'";
        context.Response.Headers["X-Frame-Options"] = "DENY";
        context.Response.Headers["X-Content-Type-Options"] = "nosniff";
        return context.Response.WriteAsync($"""
            <!doctype html><html lang="en"><head><meta charset="utf-8"><title>AeonNova sign-in</title>
            <style>body{"{"}font:15px/1.45 system-ui,sans-serif;max-width:26rem;margin:3rem auto;color:#1d2330{"}"}.error{"{"}color:#a30000{"}"}input{"{"}width:100%;padding:.4rem{"}"}</style>
            </head><body>{body}</body></html>
            """, context.RequestAborted);
    }
}
