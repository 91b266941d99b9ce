using System.Globalization;
using System.Net;
using System.Text;

namespace AeonNova.Local.Ui;

/// <summary>Tiny server-side HTML helpers: every dynamic value goes through <see cref="E"/>.</summary>
internal static class Html
{
    public static string E(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Age(DateTimeOffset at, DateTimeOffset now)
    {
        var span = now - at;
        return span.TotalSeconds < 60 ? $"{Math.Max(0, (int)span.TotalSeconds)}s"
            : span.TotalMinutes < 60 ? $"{(int)span.TotalMinutes}m"
            : span.TotalHours < 48 ? $"{(int)span.TotalHours}h"
            : $"{(int)span.TotalDays}d";
    }

    public static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string StatusBadge(string status, bool waiting)
    {
        var label = waiting ? "WAITING FOR APPROVAL" : status;
        var css = waiting ? "waiting" : status.ToLowerInvariant();
        return $"<span class=\"badge {E(css)}\">{E(label)}</span>";
    }

    public static string Page(string title, string body)
    {
        var sb = new StringBuilder();
        sb.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">");
        sb.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        sb.Append("<title>").Append(E(title)).Append(" · AeonNova</title><style>").Append(Css).Append("</style></head><body>");
        sb.Append("<header><a class=\"brand\" href=\"/ui\">AeonNova</a><nav>");
        sb.Append("<a href=\"/ui\">Executions</a><a href=\"/ui/approvals\">Approvals</a><a href=\"/ui/runbooks\">Runbooks</a>");
        sb.Append("<a href=\"/ui/dead-letters\">Dead letters</a><a href=\"/metrics\">Metrics</a></nav>");
        sb.Append("<form class=\"signout\" method=\"post\" action=\"/signout\"><button type=\"submit\">Sign out</button></form></header><main>");
        sb.Append("<h1>").Append(E(title)).Append("</h1>").Append(body).Append("</main></body></html>");
        return sb.ToString();
    }

    private const string Css = """
        body{font:15px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:0;color:#1d2330;background:#f6f7f9}
        header{display:flex;gap:1.5rem;align-items:center;background:#1d2330;color:#fff;padding:.7rem 1.2rem}
        header a{color:#dfe6f3;text-decoration:none;margin-right:1rem}.brand{font-weight:700;color:#fff}
        main{padding:1rem 1.2rem;max-width:1200px}h1{font-size:1.35rem}h2{font-size:1.1rem;margin-top:1.6rem}
        table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:.45rem .6rem;border-bottom:1px solid #e3e6eb;vertical-align:top}
        th{background:#eef1f5;font-weight:600}tr:hover td{background:#fafbfc}
        .badge{display:inline-block;padding:.1rem .5rem;border-radius:.8rem;font-size:.8rem;font-weight:600;background:#dde3ea}
        .succeeded{background:#d3f2dc;color:#135c2a}.failed,.timed_out,.aborted{background:#fadcdc;color:#8a1c1c}
        .running{background:#dbe9fb;color:#174a8b}.waiting{background:#fff0c7;color:#7a5200}
        .sev-critical{color:#a30000;font-weight:700}.sev-high{color:#b34700;font-weight:600}
        pre{background:#0f1420;color:#e5e9f0;padding:.7rem;border-radius:.3rem;overflow:auto;white-space:pre-wrap;word-break:break-word;max-height:26rem}
        .timeline{list-style:none;padding:0;border-left:3px solid #c8d0db;margin-left:.5rem}
        .timeline li{margin:0 0 1rem 0;padding-left:1rem;position:relative}
        .timeline li:before{content:"";position:absolute;left:-.55rem;top:.35rem;width:.8rem;height:.8rem;border-radius:50%;background:#8796ab}
        .timeline li.ok:before{background:#2e9d50}.timeline li.bad:before{background:#c83232}.timeline li.wait:before{background:#e0a400}
        details summary{cursor:pointer;color:#174a8b}form.filters{display:flex;gap:.5rem;flex-wrap:wrap;margin-bottom:1rem}
        form.filters input,form.filters select{padding:.3rem}.box{background:#fff;border:1px solid #e3e6eb;padding:.8rem 1rem;border-radius:.3rem}
        .muted{color:#6a7384}.finding{margin:.2rem 0}form.signout{margin-left:auto}
        """;
}
