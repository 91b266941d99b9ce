using System.CommandLine;
using AeonNova.Local.Auth;
using AeonNova.Local.Config;
using AeonNova.Local.Storage;

namespace AeonNova.Cli.Commands;

/// <summary>`aeonnova users add`: local operator accounts (Argon2id) in the data dir's database.</summary>
public static class UsersCommand
{
    public static Command Create()
    {
        var command = new Command("users", "Manage operator accounts for the serve UI and API.");
        var name = new Argument<string>("NAME") { Description = "User name to sign in with." };
        var email = new Option<string>("--email") { Description = "Email address (approval policy approvers are matched by it).", Required = true };
        var role = new Option<string>("--role") { Description = "admin | operator | viewer.", DefaultValueFactory = _ => "viewer" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Data directory (default from config, ./.aeonnova)." };
        var add = new Command("add", "Add an account; the password is read from standard input (first line).") { name, email, role, dataDir };
        add.SetAction(result =>
        {
            var password = Console.In.ReadLine() ?? "";
            return Add(result.GetValue(dataDir) ?? new AeonNovaOptions().DataDir, result.GetValue(name)!, result.GetValue(email)!, result.GetValue(role)!, password, Console.Out);
        });
        command.Subcommands.Add(add);
        return command;
    }

    public static int Add(string dataDir, string name, string email, string role, string password, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        OperatorRole parsed;
        try
        {
            parsed = OperatorAccounts.ParseRole(role);
        }
        catch (ArgumentException ex)
        {
            throw new CliException($"--role: {ex.Message.Split(" (Parameter", 2)[0]}");
        }
        var accounts = new OperatorAccounts(new SqliteDatabase(dataDir, new StorageOptions()), TimeProvider.System);
        try
        {
            accounts.Add(name, email, parsed, password.TrimEnd('\r', '\n'));
        }
        catch (ArgumentException ex)
        {
            throw new CliException(ex.Message.Split(" (Parameter", 2)[0]);
        }
        output.WriteLine($"added {name} <{email}> as {OperatorAccounts.RoleName(parsed)}; sign in at /signin");
        return CliRunner.Ok;
    }
}
