using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AeonNova.Testing;

namespace AeonNova.Local.Tests.Support;

/// <summary>
/// A real OpenSSH server on 127.0.0.1 with generated host and user keys, for the current user only.
/// In CI (CI=true) a missing sshd fails the test instead of skipping it.
/// </summary>
public sealed class SshServer : IDisposable
{
    private readonly TempDir dir = new();
    private readonly Process process;

    public SshServer()
    {
        const string sshd = "/usr/sbin/sshd";
        if (!File.Exists(sshd))
        {
            throw new InvalidOperationException("/usr/sbin/sshd is missing: install openssh-server (.ci/run does)");
        }
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", HostKey);
        Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", UserKey);
        File.Copy(UserKey + ".pub", dir.File("authorized_keys"));
        Port = LoopbackServer.FreePort();
        User = Environment.UserName;
        if (User == "root")
        {
            Directory.CreateDirectory("/run/sshd");
        }
        File.WriteAllText(dir.File("sshd_config"), $"""
            ListenAddress 127.0.0.1
            Port {Port}
            HostKey {HostKey}
            PidFile {dir.File("sshd.pid")}
            AuthorizedKeysFile {dir.File("authorized_keys")}
            StrictModes no
            PubkeyAuthentication yes
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            PermitRootLogin prohibit-password
            UsePAM no
            AllowUsers {User}
            LogLevel ERROR

            """);
        var publicHostKey = File.ReadAllText(HostKey + ".pub").Split(' ');
        File.WriteAllText(KnownHostsFile, $"[127.0.0.1]:{Port} {publicHostKey[0]} {publicHostKey[1]}\n");
        process = Process.Start(new ProcessStartInfo(sshd, ["-D", "-e", "-f", dir.File("sshd_config"), "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardError = true,
            UseShellExecute = false,
        })!;
        WaitUntilListening();
    }

    public int Port { get; }
    public string User { get; }
    public string HostKey => dir.File("host_ed25519");
    public string UserKey => dir.File("user_ed25519");
    public string KnownHostsFile => dir.File("known_hosts");
    public string Dir => dir.Path;

    public void Dispose()
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (InvalidOperationException)
        {
        }
        process.Dispose();
        dir.Dispose();
    }

    private void WaitUntilListening()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException("sshd exited: " + process.StandardError.ReadToEnd());
            }
            try
            {
                using var client = new TcpClient();
                client.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }
        throw new InvalidOperationException($"sshd did not listen on 127.0.0.1:{Port}");
    }


    private static void Run(string file, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, UseShellExecute = false })!;
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} failed: {p.StandardError.ReadToEnd()}");
        }
    }
}
