using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using AeonNova.StepFunctions;
using AeonNova.StepFunctions.Mocks;
using AeonNova.StepFunctions.Persistence;
using AeonNova.StepFunctions.Resources;

namespace AeonNova.Cli.Commands;

/// <summary>
/// <c>aeonnova asl run|validate|bench</c> (ARCHITECTURE.md, CLI contract): runs an ASL definition on the in-process
/// engine, validates definitions, and measures executions per second.
/// </summary>
public static class AslCommand
{
    private const string AslSuffix = ".asl.json";

    /// <summary>
    /// CLI output only: only what JSON requires is escaped, so causes and messages stay readable ('it's', →) instead
    /// of \u0027 escapes. The text goes to a terminal or a JSON parser, never into HTML.
    /// </summary>
    private static readonly JsonSerializerOptions s_output = ReadableJson();

    private static JsonSerializerOptions ReadableJson()
    {
        var options = new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, TypeInfoResolver = JsonTypeInfoResolver.Combine() };
        options.MakeReadOnly();
        return options;
    }

    public static Command Create()
    {
        var command = new Command("asl", "Run, validate and benchmark Amazon States Language definitions on the in-process engine.");
        command.Subcommands.Add(CreateRun());
        command.Subcommands.Add(CreateValidate());
        command.Subcommands.Add(CreateBench());
        return command;
    }

    private static Command CreateRun()
    {
        var definition = new Argument<string>("DEF") { Description = "The state machine definition (*.asl.json)." };
        var input = new Option<string>("--input") { Description = "JSON file with the execution input.", Required = true };
        var mocks = new Option<string?>("--mocks") { Description = "Step Functions Local MockConfigFile." };
        var testCase = new Option<string?>("--test-case") { Description = "Test case in the mock file." };
        var skipWaits = new Option<bool>("--skip-waits") { Description = "Complete Wait states and retry back-offs at once." };
        var command = new Command("run", "Run one execution; prints {\"status\",\"output\"} or {\"status\",\"error\",\"cause\"}.") { definition, input, mocks, testCase, skipWaits };
        command.SetAction(parse => Guard(() => Run(parse.GetValue(definition)!, parse.GetValue(input)!, parse.GetValue(mocks), parse.GetValue(testCase), parse.GetValue(skipWaits), Console.Out)));
        return command;
    }

    private static Command CreateValidate()
    {
        var files = new Argument<string[]>("DEF") { Description = "Definitions to validate.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Validate definitions; prints one JSON line per file with its errors (JSON path + message).") { files };
        command.SetAction(parse => Guard(() => Validate(parse.GetValue(files)!, Console.Out)));
        return command;
    }

    private static Command CreateBench()
    {
        var definition = new Argument<string>("DEF") { Description = "The state machine definition (*.asl.json)." };
        var input = new Option<string>("--input") { Description = "JSON file with the execution input.", Required = true };
        var mocks = new Option<string?>("--mocks") { Description = "Step Functions Local MockConfigFile." };
        var testCase = new Option<string?>("--test-case") { Description = "Test case in the mock file." };
        var iterations = new Option<int>("--iterations") { Description = "Executions to time (after a warm-up).", DefaultValueFactory = _ => 10_000 };
        var command = new Command("bench", "Time N sequential executions; prints JSON with executionsPerSecond.") { definition, input, mocks, testCase, iterations };
        command.SetAction(parse => Guard(() => Bench(parse.GetValue(definition)!, parse.GetValue(input)!, parse.GetValue(mocks), parse.GetValue(testCase), parse.GetValue(iterations), Console.Out)));
        return command;
    }

    /// <summary>
    /// System.CommandLine's default exception handler would print a stack trace for a CliException thrown by an
    /// action, so the asl actions report it themselves: the message on stderr and the exception's exit code.
    /// </summary>
    private static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (CliException ex)
        {
            Console.Error.WriteLine($"aeonnova: {ex.Message}");
            return ex.ExitCode;
        }
    }

    /// <summary><c>asl run</c>: exit 0 when the execution succeeded, 1 when it failed, timed out or was aborted.</summary>
    public static int Run(string definitionFile, string inputFile, string? mocksFile, string? testCase, bool skipWaits, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var (definition, name, registry) = Load(definitionFile, mocksFile, testCase, stdout);
        var input = ReadInput(inputFile);
        var task = RunOnceAsync(definition, name, registry, input, skipWaits);
        var result = task.GetAwaiter().GetResult();
        var json = new JsonObject { ["status"] = result.Status.ToApiString() };
        if (result.Status == ExecutionStatus.Succeeded)
        {
            json["output"] = JsonNode.Parse(result.Output ?? "null");
        }
        else
        {
            json["error"] = result.Error;
            json["cause"] = result.Cause;
        }
        stdout.WriteLine(json.ToJsonString(s_output));
        return result.Status == ExecutionStatus.Succeeded ? CliRunner.Ok : CliRunner.Failed;
    }

    /// <summary><c>asl validate</c>: exit 0 when every file is valid, 1 when any has errors, 2 when a file cannot be read.</summary>
    public static int Validate(IReadOnlyList<string> files, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(stdout);
        var allValid = true;
        foreach (var file in files)
        {
            string text;
            try
            {
                text = File.ReadAllText(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new CliException($"{file}: cannot read the file: {ex.Message}");
            }
            var errors = StateMachineDefinition.Validate(text);
            allValid &= errors.Count == 0;
            stdout.WriteLine(Report(file, errors));
        }
        return allValid ? CliRunner.Ok : CliRunner.Failed;
    }

    /// <summary>
    /// One JSON line for a checked file: <c>{"file","valid","errors":[{"path","message","unsupported"}]}</c>;
    /// <c>unsupported</c> marks valid Amazon States Language the local engine does not run.
    /// </summary>
    private static string Report(string file, IReadOnlyList<AslValidationError> errors)
    {
        var list = new JsonArray();
        foreach (var error in errors)
        {
            list.Add(new JsonObject { ["path"] = error.Path, ["message"] = error.Message, ["unsupported"] = error.Unsupported });
        }
        return new JsonObject { ["file"] = file, ["valid"] = errors.Count == 0, ["errors"] = list }.ToJsonString(s_output);
    }

    /// <summary><c>asl bench</c>: runs a warm-up, then times <paramref name="iterations"/> sequential executions.</summary>
    public static int Bench(string definitionFile, string inputFile, string? mocksFile, string? testCase, int iterations, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        if (iterations <= 0) { throw new CliException("--iterations must be a positive number"); }
        var (definition, name, registry) = Load(definitionFile, mocksFile, testCase, stdout);
        var input = ReadInput(inputFile);
        var (seconds, last) = BenchAsync(definition, name, registry, input, iterations).GetAwaiter().GetResult();
        if (last.Status != ExecutionStatus.Succeeded)
        {
            throw new CliException($"the benchmark execution did not succeed: {last.Status.ToApiString()} {last.Error}: {last.Cause}", CliRunner.Failed);
        }
        var json = new JsonObject
        {
            ["engine"] = "aeonnova",
            ["history"] = false,
            ["executions"] = iterations,
            ["seconds"] = Math.Round(seconds, 4),
            ["executionsPerSecond"] = Math.Round(iterations / seconds, 1),
            ["output"] = JsonNode.Parse(last.Output ?? "null"),
        };
        stdout.WriteLine(json.ToJsonString(s_output));
        return CliRunner.Ok;
    }

    private static async Task<ExecutionDescription> RunOnceAsync(StateMachineDefinition definition, string name, ResourceRegistry registry, string input, bool skipWaits)
    {
        await using var engine = new LocalStepFunctions(new LocalStepFunctionsOptions { SkipWaits = skipWaits, RecordHistory = false });
        engine.CreateStateMachine(name, definition, registry);
        return await engine.RunExecutionAsync(name, input);
    }

    private static async Task<(double Seconds, ExecutionDescription Last)> BenchAsync(StateMachineDefinition definition, string name, ResourceRegistry registry, string input, int iterations)
    {
        // Like `asl run`, the bench needs only each execution's result, so history recording is off (the engine then
        // moves data between states instead of copying it); closed executions beyond a small window are dropped.
        await using var engine = new LocalStepFunctions(new LocalStepFunctionsOptions
        {
            Store = new InMemoryExecutionStore(maxClosedExecutions: 64),
            RecordHistory = false,
        });
        engine.CreateStateMachine(name, definition, registry);
        ExecutionDescription last = await engine.RunExecutionAsync(name, input);
        for (var i = 0; i < Math.Min(2_000, iterations); i++) { last = await engine.RunExecutionAsync(name, input); }
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++) { last = await engine.RunExecutionAsync(name, input); }
        watch.Stop();
        return (watch.Elapsed.TotalSeconds, last);
    }

    /// <summary>
    /// Loads the definition and the mocks. A rejected file is reported as <c>asl validate</c> reports it (one JSON line
    /// on stdout) and the command stops with exit 2 and the same reasons on stderr.
    /// </summary>
    private static (StateMachineDefinition Definition, string Name, ResourceRegistry Registry) Load(string definitionFile, string? mocksFile, string? testCase, TextWriter stdout)
    {
        if ((mocksFile is null) != (testCase is null))
        {
            throw new CliException("--mocks and --test-case go together: give both or neither");
        }
        var name = MachineName(definitionFile);
        var definition = Rejecting(definitionFile, stdout, () => StateMachineDefinition.Load(definitionFile));
        var registry = mocksFile is null ? new ResourceRegistry() : Rejecting(mocksFile, stdout, () => MockConfig.Load(mocksFile).CreateRegistry(name, testCase!));
        return (definition, name, registry);
    }

    private static T Rejecting<T>(string file, TextWriter stdout, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (AslDefinitionException ex)
        {
            stdout.WriteLine(Report(file, ex.Errors));
            throw new CliException(ex.Message);
        }
    }

    /// <summary>The state machine name used in mock files: the definition file name without <c>.asl.json</c>.</summary>
    public static string MachineName(string definitionFile)
    {
        ArgumentNullException.ThrowIfNull(definitionFile);
        var file = Path.GetFileName(definitionFile);
        return file.EndsWith(AslSuffix, StringComparison.OrdinalIgnoreCase) ? file[..^AslSuffix.Length] : Path.GetFileNameWithoutExtension(file);
    }

    private static string ReadInput(string inputFile)
    {
        string text;
        try
        {
            text = File.ReadAllText(inputFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{inputFile}: cannot read the input file: {ex.Message}");
        }
        try
        {
            using var _ = JsonDocument.Parse(text);
        }
        catch (JsonException ex)
        {
            throw new CliException(string.Create(CultureInfo.InvariantCulture, $"{inputFile}: the input is not valid JSON (line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}): {ex.Message}"));
        }
        return text;
    }
}
