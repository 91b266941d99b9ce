using System.Globalization;
using System.Text;

namespace AeonNova.Approvals.Email;

/// <summary>
/// The local host's mail: each approval email becomes one RFC 822 .eml file under &lt;data-dir&gt;/outbox/
/// (multipart/alternative, text then HTML) plus one console line. Each file is addressed to one approver and holds
/// only that approver's link. The console line names the link only in development (serve bound to loopback): a
/// console or log collector elsewhere must never receive a working approval link. The text part is 8bit so URLs
/// are never broken by encoding.
/// </summary>
public sealed class EmlOutbox
{
    private const int MaxLineLength = 998;
    private readonly string _directory;
    private readonly TextWriter _console;
    private readonly TimeProvider _time;
    private readonly IRandomSource _random;
    private readonly string _from;
    private readonly bool _consoleLinks;

    /// <param name="consoleLinks">Print the link on the console line (only while serve listens on loopback).</param>
    public EmlOutbox(string outboxDirectory, TextWriter console, TimeProvider time, IRandomSource random, bool consoleLinks = false, string from = "AeonNova <aeonnova@localhost>")
    {
        ArgumentException.ThrowIfNullOrEmpty(outboxDirectory);
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(random);
        _directory = outboxDirectory;
        _console = console;
        _time = time;
        _random = random;
        _from = from;
        _consoleLinks = consoleLinks;
    }

    /// <summary>Writes the message atomically (temp file + rename) and returns its path.</summary>
    public async Task<string> WriteAsync(ApprovalEmail email, string approvalId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(email);
        Directory.CreateDirectory(_directory);
        var now = _time.GetUtcNow();
        Span<byte> rnd = stackalloc byte[8];
        _random.Fill(rnd);
        var unique = Convert.ToHexStringLower(rnd);
        var name = $"{now.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff", CultureInfo.InvariantCulture)}-{approvalId}-{unique}.eml";
        var path = Path.Combine(_directory, name);
        var temp = path + ".tmp";
        await File.WriteAllTextAsync(temp, Compose(email, now, $"{approvalId}.{unique}@aeonnova.local", unique), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        File.Move(temp, path, overwrite: false);
        var to = string.Join(", ", email.Links.Select(l => l.Email));
        var line = _consoleLinks && email.Links.Count > 0
            ? $"outbox: approval {approvalId} for {to} -> {path} link: {string.Join(' ', email.Links.Select(l => l.Url))}"
            : $"outbox: approval {approvalId} for {to} -> {path}";
        await _console.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
        return path;
    }

    /// <summary>RFC 5322 text of the message (CRLF line ends).</summary>
    public string Compose(ApprovalEmail email, DateTimeOffset date, string messageId, string boundarySeed)
    {
        ArgumentNullException.ThrowIfNull(email);
        var boundary = $"=_aeonnova_{boundarySeed}";
        var to = email.Links.Count == 0 ? "approvers@localhost" : string.Join(", ", email.Links.Select(l => $"{Header(l.Name)} <{l.Email}>"));
        var sb = new StringBuilder();
        void Line(string text) => sb.Append(text).Append("\r\n");
        Line($"From: {_from}");
        Line($"To: {to}");
        Line($"Subject: {Header(email.Subject)}");
        Line($"Date: {date.ToString("r", CultureInfo.InvariantCulture)}");
        Line($"Message-ID: <{messageId}>");
        Line("MIME-Version: 1.0");
        Line($"Content-Type: multipart/alternative; boundary=\"{boundary}\"");
        Line("");
        Line($"--{boundary}");
        Line("Content-Type: text/plain; charset=utf-8");
        Line("Content-Transfer-Encoding: 8bit");
        Line("");
        foreach (var line in email.Text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            foreach (var piece in Fold(line))
            {
                Line(piece);
            }
        }
        Line($"--{boundary}");
        Line("Content-Type: text/html; charset=utf-8");
        Line("Content-Transfer-Encoding: base64");
        Line("");
        var html = Convert.ToBase64String(Encoding.UTF8.GetBytes(email.Html));
        for (var i = 0; i < html.Length; i += 76)
        {
            Line(html.Substring(i, Math.Min(76, html.Length - i)));
        }
        Line($"--{boundary}--");
        return sb.ToString();
    }

    /// <summary>RFC 2047 encoded-word for non-ASCII header text; control characters removed.</summary>
    private static string Header(string value)
    {
        var clean = new string([.. value.Where(c => !char.IsControl(c))]);
        return clean.All(c => c < 128) ? clean : $"=?utf-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(clean))}?=";
    }

    private static IEnumerable<string> Fold(string line)
    {
        if (line.Length <= MaxLineLength)
        {
            yield return line;
            yield break;
        }
        for (var i = 0; i < line.Length; i += MaxLineLength)
        {
            yield return line.Substring(i, Math.Min(MaxLineLength, line.Length - i));
        }
    }
}
