using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using AeonNova.Jsonata;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace AeonNova.Benchmarks;

/// <summary>
/// JSONata evaluations per second (paths, filters, aggregation, strings, object construction, group/sort) on the
/// orders document, next to npm jsonata (the reference) in Node on the same expressions and input: once our
/// benchmarks have run, the summary runs tools/jsonata-bench.js once and shows its evaluations/s and the ratio.
/// Parsing is outside the measured loop in both. Run:
/// dotnet run -c Release --project tests/AeonNova.Benchmarks -- --filter '*Jsonata*'
/// </summary>
[MemoryDiagnoser]
[Config(typeof(JsonataVersusReferenceConfig))]
public class JsonataBenchmarks
{
    private JsonataExpression _expression = null!;
    private JsonataValue _input;

    [ParamsSource(nameof(Names))]
    public string Expression { get; set; } = "";

    public static IEnumerable<string> Names() => Load().Select(kv => kv.Key);

    internal static JsonObject Load() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "jsonata-bench-expressions.json")))!.AsObject();

    [GlobalSetup]
    public void Setup()
    {
        _expression = JsonataExpression.Parse(Load()[Expression]!.GetValue<string>());
        _input = JsonataValue.From(JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "jsonata-bench-input.json"))));
    }

    [Benchmark]
    public bool Evaluate() => _expression.Evaluate(_input).IsUndefined;
}

/// <summary>
/// Runs the suite in-process (the generated-project build of the default toolchain exceeded BenchmarkDotNet's
/// 2-minute build timeout on the shared machine, which reported every case as NA) with a short job, and adds the
/// reference columns: "Ours/s" = 1e9 / median ns, "jsonata (Node)/s" from one run of tools/jsonata-bench.js after
/// ours, and "Ratio" = ours ÷ reference. The median, as elsewhere: preempted iterations say nothing about the code.
/// </summary>
internal sealed class JsonataVersusReferenceConfig : ManualConfig
{
    public JsonataVersusReferenceConfig()
    {
        AddJob(Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).AsDefault());
        var reference = new Lazy<IReadOnlyDictionary<string, double>?>(RunReference);
        AddColumn(
            new RateColumn("Ours/s", "Our evaluations per second on one thread (1e9 / median ns)", (_, ours) => ours),
            new RateColumn("jsonata (Node)/s", "npm jsonata evaluations per second, tools/jsonata-bench.js run once after ours",
                (name, _) => reference.Value?.GetValueOrDefault(name)),
            new RateColumn("Ratio", "Our evaluations per second ÷ npm jsonata's", (name, ours) =>
                reference.Value?.GetValueOrDefault(name) is > 0 and var theirs ? ours / theirs : null, "0.0"));
    }

    private static IReadOnlyDictionary<string, double>? RunReference()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "tools", "jsonata-bench.js")))
        {
            root = root.Parent;
        }
        if (root is null || !Directory.Exists(Path.Combine(root.FullName, "tools", "node_modules", "jsonata")))
        {
            Console.Error.WriteLine("jsonata reference: tools/jsonata-bench.js or tools/node_modules missing (run `cd tools && npm ci`)");
            return null;
        }
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, WorkingDirectory = root.FullName };
        start.ArgumentList.Add(Path.Combine("tools", "jsonata-bench.js"));
        start.ArgumentList.Add("2");
        try
        {
            using var node = Process.Start(start)!;
            var text = node.StandardOutput.ReadToEnd();
            node.WaitForExit();
            if (node.ExitCode != 0)
            {
                Console.Error.WriteLine($"jsonata reference: node exited with {node.ExitCode}");
                return null;
            }
            return JsonNode.Parse(text)!.AsObject().ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<double>());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Console.Error.WriteLine($"jsonata reference: cannot start node: {e.Message}");
            return null;
        }
    }

    private sealed class RateColumn(string name, string legend, Func<string, double, double?> value, string format = "N0") : IColumn
    {
        public string Id => "JsonataReference." + name;
        public string ColumnName => name;
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => legend;

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
        {
            var median = summary[benchmarkCase]?.ResultStatistics?.Median;
            if (median is null or <= 0 || benchmarkCase.Parameters["Expression"] is not string expression)
            {
                return "?";
            }
            return value(expression, 1e9 / median.Value) is { } result ? result.ToString(format, CultureInfo.InvariantCulture) : "?";
        }

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
        public bool IsAvailable(Summary summary) => true;
    }
}
