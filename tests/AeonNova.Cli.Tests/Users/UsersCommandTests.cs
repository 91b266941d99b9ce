using AeonNova.Cli.Commands;
using AeonNova.Local.Auth;
using AeonNova.Local.Config;
using AeonNova.Local.Storage;

namespace AeonNova.Cli.Tests.Users;

[Trait("Category", "Integration")]
public sealed class UsersCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("aeonnova-users-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Add_WhenNameEmailRoleAndPasswordGiven_ShouldStoreAnArgon2idHashThatSignsIn()
    {
        var output = new StringWriter();

        var code = UsersCommand.Add(_dir, "alex", "oncall@example.com", "admin", "correct horse battery staple\n", output);

        Assert.Equal(CliRunner.Ok, code);
        var database = new SqliteDatabase(_dir, new StorageOptions());
        var accounts = new OperatorAccounts(database, TimeProvider.System);
        var result = accounts.SignIn("alex", "correct horse battery staple", 5, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5));
        Assert.Equal(SignInOutcome.SignedIn, result.Outcome);
        Assert.Equal(OperatorRole.Admin, result.Operator!.Role);
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT password_hash FROM operators WHERE name = 'alex'";
        var stored = (string)command.ExecuteScalar()!;
        Assert.StartsWith("$argon2id$v=19$m=19456,t=2,p=1$", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("correct horse", stored, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alex", "oncall@example.com", "root", "correct horse battery staple", "--role")]
    [InlineData("alex", "oncall@example.com", "viewer", "short", "at least 12")]
    [InlineData("alex", "not-an-email", "viewer", "correct horse battery staple", "email")]
    [InlineData("../etc", "a@example.com", "viewer", "correct horse battery staple", "user name")]
    public void Add_WhenInputIsBad_ShouldFailWithTheReason(string name, string email, string role, string password, string reason)
    {
        var error = Assert.Throws<CliException>(() => UsersCommand.Add(_dir, name, email, role, password, TextWriter.Null));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(CliRunner.BadInput, error.ExitCode);
    }
}
