using AeonNova.Core.Redaction;

namespace AeonNova.Analysis.Tests.Model;

public class RedactorTests
{
    [Theory]
    [InlineData("key AKIAIOSFODNN7EXAMPLE used", "AKIAIOSFODNN7EXAMPLE", "aws-access-key-id")]
    [InlineData("aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws-secret-access-key")]
    [InlineData("leaked wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY in log", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "aws-secret-access-key")]
    [InlineData("Authorization: Bearer abc123.def456-ghi789", "abc123.def456-ghi789", "authorization-header")]
    [InlineData("curl -H 'x' with bearer 0a1b2c3d4e5f6a7b8c9d", "0a1b2c3d4e5f6a7b8c9d", "bearer-token")]
    [InlineData("db at postgres://app:S3cr3t!@db-1:5432/orders down", "S3cr3t!", "url-password")]
    [InlineData("Server=db;User Id=sa;Password=Hunter2!;Encrypt=true", "Hunter2!", "connection-string-password")]
    [InlineData("Server=db;Pwd=\"p;w d\";", "p;w d", "connection-string-password")]
    [InlineData("token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "eyJhbGciOiJIUzI1NiJ9", "jwt")]
    [InlineData("api_key=9f8e7d6c5b4a", "9f8e7d6c5b4a", "secret-assignment")]
    [InlineData("{\"password\": \"correct horse\"}", "correct", "secret-assignment")]
    [InlineData("gh token ghp_abcdefghijklmnopqrstuvwxyz0123456789", "ghp_abcdefghijklmnopqrstuvwxyz0123456789", "github-token")]
    public void Redact_WhenSecretPresent_ShouldRemoveItAndCountTheKind(string text, string secret, string kind)
    {
        var result = Redactor.Redact(text);

        Assert.DoesNotContain(secret, result.Text, StringComparison.Ordinal);
        Assert.Contains("[REDACTED", result.Text, StringComparison.Ordinal);
        Assert.True(result.Counts.ContainsKey(kind), $"kinds: {string.Join(", ", result.Counts.Keys)}");
    }

    [Fact]
    public void Redact_WhenPrivateKeyBlock_ShouldRemoveTheWholeBlock()
    {
        var text = "before\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\nAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----\nafter";

        var result = Redactor.Redact(text);

        Assert.Equal("before\n[REDACTED:private-key]\nafter", result.Text);
    }

    [Fact]
    public void Redact_WhenKeyBlockIsCutOff_ShouldRedactToTheEnd()
    {
        var result = Redactor.Redact("x -----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA");

        Assert.Equal("x [REDACTED:private-key]", result.Text);
    }

    [Fact]
    public void Redact_WhenUrlPassword_ShouldKeepSchemeUserAndHost()
    {
        var result = Redactor.Redact("amqp://orders:pa55word@mq-1:5672/vhost");

        Assert.Equal("amqp://orders:[REDACTED]@mq-1:5672/vhost", result.Text);
    }

    [Theory]
    [InlineData("Disk /var on web-1 is 91% full")]
    [InlineData("basic authentication failed for user admin")]
    [InlineData("commit 3f2c1a9b8e7d6c5b4a3f2c1a9b8e7d6c5b4a3f2c deployed")]
    [InlineData("see https://grafana.example.internal/d/abc?orgId=1")]
    public void Redact_WhenNoSecret_ShouldLeaveTextUnchanged(string text)
    {
        var result = Redactor.Redact(text);

        Assert.Equal(text, result.Text);
        Assert.Equal(0, result.Total);
    }
}
