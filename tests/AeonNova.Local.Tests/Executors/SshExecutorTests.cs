using AeonNova.Core.Safety;
using AeonNova.Local.Config;
using AeonNova.Local.Executors;
using AeonNova.Local.Tests.Support;

namespace AeonNova.Local.Tests.Executors;

[Trait("Category", "Integration")]
public sealed class SshExecutorTests : IClassFixture<SshExecutorTests.Server>
{
    private readonly SshServer ssh;

    public SshExecutorTests(Server server) => ssh = server.Ssh;

    public sealed class Server : IDisposable
    {
        public SshServer Ssh { get; } = new();

        public void Dispose() => Ssh.Dispose();
    }

    private ExecutorRule Rule(string? knownHosts = null, int timeout = 30, int cap = 65536) => new()
    {
        Hosts = "web-*",
        Type = "ssh",
        Address = "127.0.0.1",
        Port = ssh.Port,
        User = ssh.User,
        KeyFile = ssh.UserKey,
        KnownHostsFile = knownHosts ?? ssh.KnownHostsFile,
        TimeoutSeconds = timeout,
        OutputLimitBytes = cap,
    };

    private static HostCommand Bash(string script) => new("c1", "ex-1", "web-1", ScriptLanguage.Bash, script);

    [Fact]
    public async Task RunAsync_WhenHostKeyKnown_ShouldRunScriptAndReturnOutputAndExitCode()
    {
        var result = await new SshExecutor(TimeProvider.System).RunAsync(
            Bash("echo \"it's $((6*7))\"; echo oops >&2; exit 4"), Rule(), CancellationToken.None);

        Assert.Equal("Failed", result.Status);
        Assert.Equal(4, result.ExitCode);
        Assert.Contains("it's 42", result.Output, StringComparison.Ordinal);
        Assert.Contains("oops", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenScriptSucceeds_ShouldReportSuccess()
    {
        var result = await new SshExecutor(TimeProvider.System).RunAsync(Bash("whoami"), Rule(), CancellationToken.None);

        Assert.Equal("Success", result.Status);
        Assert.Contains(ssh.User, result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenHostKeyUnknown_ShouldRefuseBeforeRunning()
    {
        var marker = Path.Combine(ssh.Dir, "should-not-exist");
        var otherKnownHosts = Path.Combine(ssh.Dir, "other_known_hosts");
        File.WriteAllText(otherKnownHosts, $"[127.0.0.1]:{ssh.Port} ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIE8DZoOy3qu5Hmu8zMz5O9a0bOlLcVU2hwDzkq3R8Tf7\n");

        var result = await new SshExecutor(TimeProvider.System).RunAsync(Bash($"touch {marker}"), Rule(otherKnownHosts), CancellationToken.None);

        Assert.Equal("Failed", result.Status);
        Assert.Contains("refused host key", result.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(marker));
    }

    [Fact]
    public async Task RunAsync_WhenRemoteScriptOutlivesTimeout_ShouldReportTimedOut()
    {
        var result = await new SshExecutor(TimeProvider.System).RunAsync(Bash("sleep 30"), Rule(timeout: 1), CancellationToken.None);

        Assert.Equal("TimedOut", result.Status);
    }

    [Fact]
    public async Task RunAsync_WhenOutputExceedsCap_ShouldTruncate()
    {
        var result = await new SshExecutor(TimeProvider.System).RunAsync(Bash("yes aeonnova | head -n 100000"), Rule(cap: 1000), CancellationToken.None);

        Assert.True(result.Truncated);
        Assert.Equal(1000, result.Output.Length);
    }

    [Fact]
    public void IsTrusted_WhenHashedEntryMatches_ShouldTrustOnlyThatKey()
    {
        var key = Convert.FromBase64String(File.ReadAllText(ssh.HostKey + ".pub").Split(' ')[1]);
        var salt = new byte[20];
        using var hmac = new System.Security.Cryptography.HMACSHA1(salt);
        var hash = hmac.ComputeHash(System.Text.Encoding.UTF8.GetBytes("web-1"));
        var file = Path.Combine(ssh.Dir, "hashed_known_hosts");
        File.WriteAllText(file, $"|1|{Convert.ToBase64String(salt)}|{Convert.ToBase64String(hash)} ssh-ed25519 {Convert.ToBase64String(key)}\n");

        var known = KnownHosts.Load(file);

        Assert.True(known.IsTrusted("web-1", 22, key));
        Assert.False(known.IsTrusted("web-2", 22, key));
        Assert.False(known.IsTrusted("web-1", 2222, key));
    }
}
