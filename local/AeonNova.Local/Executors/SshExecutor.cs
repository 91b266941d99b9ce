using System.Text;
using AeonNova.Core.Safety;
using AeonNova.Local.Config;
using AeonNova.Local.Storage;
using Renci.SshNet;
using Renci.SshNet.Common;

namespace AeonNova.Local.Executors;

/// <summary>
/// Runs the script on the target over SSH: key authentication only, strict known-hosts (unknown or changed host
/// keys are refused before authentication), per-host user, bash or PowerShell on the far side. For bash the
/// remote side enforces the timeout (timeout -k) and the output cap (head -c), so nothing keeps running or
/// floods this process when the connection is dropped.
/// </summary>
public sealed class SshExecutor(TimeProvider clock) : IHostExecutor
{
    public string Name => "ssh";

    public async Task<CommandResult> RunAsync(HostCommand request, ExecutorRule rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rule);
        var started = clock.GetUtcNow();
        var address = rule.Address.Length > 0 ? rule.Address : request.Host;
        var knownHosts = KnownHosts.Load(rule.KnownHostsFile);
        string? refusedKey = null;

        using var key = new PrivateKeyFile(rule.KeyFile);
        var connection = new ConnectionInfo(address, rule.Port, rule.User, new PrivateKeyAuthenticationMethod(rule.User, key))
        {
            Timeout = TimeSpan.FromSeconds(Math.Min(30, rule.TimeoutSeconds)),
        };
        using var client = new SshClient(connection);
        client.HostKeyReceived += (_, e) =>
        {
            e.CanTrust = knownHosts.IsTrusted(address, rule.Port, e.HostKey);
            if (!e.CanTrust)
            {
                refusedKey = $"{e.HostKeyName} SHA256:{e.FingerPrintSHA256}";
            }
        };
        var shell = request.Language == ScriptLanguage.PowerShell ? "powershell" : rule.Shell;
        try
        {
            await client.ConnectAsync(cancellationToken);
            using var command = client.CreateCommand(RemoteCommand(request.Script, shell, rule));
            command.CommandTimeout = TimeSpan.FromSeconds(rule.TimeoutSeconds + 10);
            await command.ExecuteAsync(cancellationToken);
            var output = new CappedOutput(rule.OutputLimitBytes);
            output.Append(command.Result);
            output.Append(command.Error);
            var exit = command.ExitStatus ?? -1;
            var status = exit == 0 ? "Success" : exit == 124 && shell == "bash" ? "TimedOut" : "Failed";
            return Result(request, status, exit, output.ToString(), output.Truncated, started);
        }
        catch (SshConnectionException) when (refusedKey is not null)
        {
            return Result(request, "Failed", null,
                $"ssh: refused host key {refusedKey} of {address}:{rule.Port}: not in {rule.KnownHostsFile} (strict known-hosts)", false, started);
        }
        catch (SshAuthenticationException ex)
        {
            return Result(request, "Failed", null, $"ssh: authentication as '{rule.User}' on {address}:{rule.Port} failed: {ex.Message}", false, started);
        }
        catch (SshOperationTimeoutException)
        {
            return Result(request, "TimedOut", null, $"ssh: no result from {address}:{rule.Port} within {rule.TimeoutSeconds}s", false, started);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            return Result(request, "Failed", null, $"ssh: cannot connect to {address}:{rule.Port}: {ex.Message}", false, started);
        }
    }

    /// <summary>The script travels base64-encoded, so no remote shell ever re-parses its quoting.</summary>
    internal static string RemoteCommand(string script, string shell, ExecutorRule rule)
    {
        if (shell == "powershell")
        {
            return "powershell -NoProfile -NonInteractive -EncodedCommand " + Convert.ToBase64String(Encoding.Unicode.GetBytes(script));
        }
        var b64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(script));
        var inner = $"printf %s \"$0\" | base64 -d | bash 2>&1 | head -c {rule.OutputLimitBytes + 1}; exit ${{PIPESTATUS[2]}}";
        return $"timeout -k 5 {rule.TimeoutSeconds} bash -c '{inner}' {b64}";
    }

    private CommandResult Result(HostCommand request, string status, int? exit, string output, bool truncated, DateTimeOffset started) => new()
    {
        CommandId = request.CommandId,
        Status = status,
        ExitCode = exit,
        Output = output,
        Truncated = truncated,
        Executor = Name,
        StartedAt = started,
        FinishedAt = clock.GetUtcNow(),
    };
}
