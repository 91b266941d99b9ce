namespace AeonNova.Testing;

/// <summary>
/// Secrets the redaction tests plant in alerts (serve and the AWS intake path alike): each kind, the text planted,
/// and a distinctive piece of it to search for. Formats as the vendors document them (AWS's documented example key
/// pair, GitHub and Slack token prefixes, RFC 7519 JWT shape).
/// </summary>
public static class PlantedSecrets
{
    public static IReadOnlyList<(string Kind, string Text, string Needle)> All { get; } =
    [
        ("aws-access-key-id", "key AKIAIOSFODNN7EXAMPLE in use", "AKIAIOSFODNN7EXAMPLE"),
        ("aws-secret-access-key", "aws_secret_access_key=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "wJalrXUtnFEMI/K7MDENG"),
        ("password", "password=Hunter2Hunter2Secret", "Hunter2Hunter2Secret"),
        ("bearer-token", "curl -H 'X: Bearer s3cr3tT0kenValue123456'", "s3cr3tT0kenValue123456"),
        ("private-key", "-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEAsecretkeymaterial\n-----END RSA PRIVATE KEY-----", "MIIEowIBAAKCAQEAsecretkeymaterial"),
        ("github-token", "token ghp_16C7e42F292c6912E7710c838347Ae178B4a used", "ghp_16C7e42F292c6912E7710c838347Ae178B4a"),
        ("slack-token", "slack xoxb-123456789012-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx", "AbCdEfGhIjKlMnOpQrStUvWx"),
        ("jwt", "session eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", "dozjgNryP4J3jVmNHl0w5N"),
        ("connection-string", "Server=db-1;Database=app;User Id=sa;Password=C0nnStrP4ssword;", "C0nnStrP4ssword"),
        ("basic-auth-url", "hook https://deploy:UrlPa55wordX@ci.example.com/hook", "UrlPa55wordX"),
    ];
}
