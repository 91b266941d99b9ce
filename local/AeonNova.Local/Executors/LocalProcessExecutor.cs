using System.Diagnostics;
using AeonNova.Core.Safety;
using AeonNova.Local.Config;
using AeonNova.Local.Storage;

namespace AeonNova.Local.Executors;

/// <summary>
/// Runs the script on this machine, for hosts explicitly mapped to "local". The script gets its own session
/// (setsid), so a timeout kills the whole process group, background children included; with bubblewrap the
/// file system is read-only except the working directory and the configured writable paths.
/// </summary>
public sealed class LocalProcessExecutor(string dataDir, TimeProvider clock, string bwrapPath = "/usr/bin/bwrap") : IHostExecutor
{
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(2);

    public string Name => "local";

    public bool SandboxAvailable => File.Exists(bwrapPath);

    public async Task<CommandResult> RunAsync(HostCommand request, ExecutorRule rule, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(rule);
        var started = clock.GetUtcNow();
        var workDir = Path.GetFullPath(rule.WorkingDirectory.Length > 0
            ? rule.WorkingDirectory
            : Path.Combine(dataDir, "work", request.CommandId));
        Directory.CreateDirectory(workDir);
        var scriptPath = Path.Combine(workDir, request.Language == ScriptLanguage.PowerShell ? ".aeonnova-script.ps1" : ".aeonnova-script.sh");
        await File.WriteAllTextAsync(scriptPath, request.Script, cancellationToken);

        var start = new ProcessStartInfo("/usr/bin/setsid")
        {
            WorkingDirectory = workDir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in CommandLine(rule, workDir, scriptPath, request.Language))
        {
            start.ArgumentList.Add(arg);
        }
        // The script sees a minimal environment: nothing of the host process's secrets leaks into it.
        start.Environment.Clear();
        start.Environment["PATH"] = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        start.Environment["HOME"] = workDir;
        start.Environment["LANG"] = "C.UTF-8";
        start.Environment["AEONNOVA_COMMAND_ID"] = request.CommandId;

        var output = new CappedOutput(rule.OutputLimitBytes);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start /usr/bin/setsid");
        process.StandardInput.Close();
        var readers = Task.WhenAll(Drain(process.StandardOutput, output), Drain(process.StandardError, output));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(rule.TimeoutSeconds), clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        string status;
        try
        {
            await process.WaitForExitAsync(linked.Token);
            status = process.ExitCode == 0 ? "Success" : "Failed";
        }
        catch (OperationCanceledException)
        {
            KillGroup(process.Id);
            await process.WaitForExitAsync(CancellationToken.None);
            status = timeout.IsCancellationRequested ? "TimedOut" : "Cancelled";
        }
        // Background children left behind by the script would keep the pipes open: the group goes with the script.
        KillGroup(process.Id);
        await Task.WhenAny(readers, Task.Delay(DrainGrace, clock, CancellationToken.None));
        if (status == "TimedOut")
        {
            output.Append($"\n[aeonnova: timed out after {rule.TimeoutSeconds}s; process group killed]");
        }
        return new CommandResult
        {
            CommandId = request.CommandId,
            Status = status,
            ExitCode = process.ExitCode,
            Output = output.ToString(),
            Truncated = output.Truncated,
            Executor = Name,
            StartedAt = started,
            FinishedAt = clock.GetUtcNow(),
        };
    }

    private IEnumerable<string> CommandLine(ExecutorRule rule, string workDir, string scriptPath, ScriptLanguage language)
    {
        var sandbox = rule.Sandbox switch
        {
            "none" => false,
            "bwrap" => true,
            _ => SandboxAvailable,
        };
        if (sandbox)
        {
            yield return bwrapPath;
            foreach (var arg in new[] { "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--bind", workDir, workDir })
            {
                yield return arg;
            }
            foreach (var path in rule.WritablePaths)
            {
                yield return "--bind";
                yield return path;
                yield return path;
            }
            // No --die-with-parent: PR_SET_PDEATHSIG follows the forking *thread*, and a pool thread may end at any time.
            // The process-group kill reaches bwrap and, through its pid namespace, everything inside.
            foreach (var arg in new[] { "--chdir", workDir, "--unshare-pid", "--unshare-ipc" })
            {
                yield return arg;
            }
        }
        if (language == ScriptLanguage.PowerShell)
        {
            yield return "pwsh";
            yield return "-NoProfile";
            yield return "-NonInteractive";
            yield return "-File";
        }
        else
        {
            yield return "/bin/bash";
        }
        yield return scriptPath;
    }

    private static async Task Drain(StreamReader reader, CappedOutput output)
    {
        var buffer = new char[8192];
        int read;
        while ((read = await reader.ReadAsync(buffer)) > 0)
        {
            output.Append(new string(buffer, 0, read));
        }
    }

    private static void KillGroup(int processGroup)
    {
        // setsid made the script's pid its process-group id; "kill -- -PGID" reaches every process in it.
        try
        {
            using var kill = Process.Start(new ProcessStartInfo("/bin/kill", ["-KILL", "--", $"-{processGroup}"])
            {
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            kill?.WaitForExit();
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // kill(1) missing: nothing else to try; the process itself was already waited for.
        }
    }
}
