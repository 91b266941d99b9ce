using System.CommandLine;

namespace AeonNova.Cli;

/// <summary>Exit codes and error reporting shared by every command (ARCHITECTURE.md, CLI contract).</summary>
public static class CliRunner
{
    public const int Ok = 0;
    /// <summary>A workflow ran and failed (asl run), or a check found a problem the caller asked about.</summary>
    public const int Failed = 1;
    /// <summary>Bad input or usage: a specific message went to stderr.</summary>
    public const int BadInput = 2;

    public static int Run(RootCommand root, string[] args)
    {
        ArgumentNullException.ThrowIfNull(root);
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"aeonnova: {error.Message}");
            }
            Console.Error.WriteLine("Run 'aeonnova --help' for usage.");
            return BadInput;
        }
        try
        {
            // Without this, System.CommandLine catches CliException itself and prints a stack trace with exit 1.
            return parsed.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (CliException ex)
        {
            Console.Error.WriteLine($"aeonnova: {ex.Message}");
            return ex.ExitCode;
        }
    }
}

/// <summary>Thrown by a command for a user-facing failure: message to stderr, no stack trace.</summary>
public sealed class CliException : Exception
{
    public CliException(string message, int exitCode = CliRunner.BadInput) : base(message) => ExitCode = exitCode;
    public CliException() : this("error") { }
    public CliException(string message, Exception innerException) : base(message, innerException) => ExitCode = CliRunner.BadInput;
    public int ExitCode { get; }
}
