using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
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
        command.SetAction(parse => Run(parse.GetValue(definition)!, parse.GetValue(input)!, parse.GetValue(mocks), parse.GetValue(testCase), parse.GetValue(skipWaits), Console.Out));
        return command;
    }

    private static Command CreateValidate()
    {
        var files = new Argument<string[]>("DEF") { Description = "Definitions to validate.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Validate definitions; prints one JSON line per file with its errors (JSON path + message).") { files };
        command.SetAction(parse => Validate(parse.GetValue(files)!, Console.Out));
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
        command.SetAction(parse => Bench(parse.GetValue(definition)!, parse.GetValue(input)!, parse.GetValue(mocks), parse.GetValue(testCase), parse.GetValue(iterations), Console.Out));
        return command;
    }

    /// <summary><c>asl run</c>: exit 0 when the execution succeeded, 1 when it failed, timed out or was aborted.</summary>
    public static int Run(string definitionFile, string inputFile, string? mocksFile, string? testCase, bool skipWaits, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        var (definition, name, registry) = Load(definitionFile, mocksFile, testCase);
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
        stdout.WriteLine(json.ToJsonString());
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
            var list = new JsonArray();
            foreach (var error in errors)
            {
                list.Add(new JsonObject { ["path"] = error.Path, ["message"] = error.Message });
            }
            stdout.WriteLine(new JsonObject { ["file"] = file, ["valid"] = errors.Count == 0, ["errors"] = list }.ToJsonString());
        }
        return allValid ? CliRunner.Ok : CliRunner.Failed;
    }

    /// <summary><c>asl bench</c>: runs a warm-up, then times <paramref name="iterations"/> sequential executions.</summary>
    public static int Bench(string definitionFile, string inputFile, string? mocksFile, string? testCase, int iterations, TextWriter stdout)
    {
        ArgumentNullException.ThrowIfNull(stdout);
        if (iterations <= 0) { throw new CliException("--iterations must be a positive number"); }
        var (definition, name, registry) = Load(definitionFile, mocksFile, testCase);
        var input = ReadInput(inputFile);
        var (seconds, last) = BenchAsync(definition, name, registry, input, iterations).GetAwaiter().GetResult();
        if (last.Status != ExecutionStatus.Succeeded)
        {
            throw new CliException($"the benchmark execution did not succeed: {last.Status.ToApiString()} {last.Error}: {last.Cause}", CliRunner.Failed);
        }
        var json = new JsonObject
        {
            ["engine"] = "aeonnova",
            ["executions"] = iterations,
            ["seconds"] = Math.Round(seconds, 4),
            ["executionsPerSecond"] = Math.Round(iterations / seconds, 1),
            ["output"] = JsonNode.Parse(last.Output ?? "null"),
        };
        stdout.WriteLine(json.ToJsonString());
        return CliRunner.Ok;
    }

    private static async Task<ExecutionDescription> RunOnceAsync(StateMachineDefinition definition, string name, ResourceRegistry registry, string input, bool skipWaits)
    {
        await using var engine = new LocalStepFunctions(new LocalStepFunctionsOptions { SkipWaits = skipWaits });
        engine.CreateStateMachine(name, definition, registry);
        return await engine.RunExecutionAsync(name, input);
    }

    private static async Task<(double Seconds, ExecutionDescription Last)> BenchAsync(StateMachineDefinition definition, string name, ResourceRegistry registry, string input, int iterations)
    {
        // Closed executions beyond a small window are dropped so memory stays flat over long runs.
        await using var engine = new LocalStepFunctions(new LocalStepFunctionsOptions { Store = new InMemoryExecutionStore(maxClosedExecutions: 64) });
        engine.CreateStateMachine(name, definition, registry);
        ExecutionDescription last = await engine.RunExecutionAsync(name, input);
        for (var i = 0; i < Math.Min(2_000, iterations); i++) { last = await engine.RunExecutionAsync(name, input); }
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++) { last = await engine.RunExecutionAsync(name, input); }
        watch.Stop();
        return (watch.Elapsed.TotalSeconds, last);
    }

    private static (StateMachineDefinition Definition, string Name, ResourceRegistry Registry) Load(string definitionFile, string? mocksFile, string? testCase)
    {
        if ((mocksFile is null) != (testCase is null))
        {
            throw new CliException("--mocks and --test-case go together: give both or neither");
        }
        var name = MachineName(definitionFile);
        try
        {
            var definition = StateMachineDefinition.Load(definitionFile);
            var registry = mocksFile is null ? new ResourceRegistry() : MockConfig.Load(mocksFile).CreateRegistry(name, testCase!);
            return (definition, name, registry);
        }
        catch (AslDefinitionException ex)
        {
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
