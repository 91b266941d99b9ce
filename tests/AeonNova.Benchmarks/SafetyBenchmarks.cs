using System.Diagnostics;
using AeonNova.Core.Safety;
using AeonNova.Safety;
using BenchmarkDotNet.Analysers;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Validators;

namespace AeonNova.Benchmarks;

/// <summary>
/// Validator throughput on one thread for a typical 20-line remediation script per language
/// (goals: bash ≥ 5,000 scripts/s, PowerShell ≥ 1,000 scripts/s). Scripts/s = 1 s / mean. The "CPU/op" column
/// (<see cref="ProcessCpuDiagnoser"/>) is the process CPU time per call: unlike the wall-clock mean it does not
/// grow while other processes hold the cores, so it is the figure to quote from a shared machine.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
[Config(typeof(ProcessCpuConfig))]
public class SafetyBenchmarks
{
    internal const string Bash20 = """
        #!/usr/bin/env bash
        # Runbook: nginx 5xx spike on web tier
        set -euo pipefail
        SERVICE=nginx
        CACHE_DIR=/var/cache/nginx/proxy
        echo "[$(date -Is)] checking $SERVICE on $(hostname)"
        systemctl status "$SERVICE" --no-pager | head -n 20
        journalctl -u "$SERVICE" --since "30 min ago" --no-pager | tail -n 50
        df -h /var; free -m
        if [ -d "$CACHE_DIR" ]; then
          find "$CACHE_DIR" -type f -mmin +60 -delete
        fi
        for port in 8080 8081; do
          curl -s -o /dev/null -w "%{http_code}\n" "http://127.0.0.1:${port}/health" || true
        done
        nginx -t
        systemctl reload "$SERVICE"
        journalctl --vacuum-size=500M
        curl -fsS http://localhost/healthz
        echo done
        """;

    internal const string PowerShell20 = """
        # Runbook: IIS application pool crash loop
        Import-Module WebAdministration
        $pool = 'ShopPool'
        $state = (Get-WebAppPoolState -Name $pool).Value
        Write-Output "pool $pool is $state"
        Get-WinEvent -LogName Application -MaxEvents 30 | Where-Object { $_.ProviderName -eq 'W3SVC-WP' }
        Get-Counter '\Process(w3wp*)\% Processor Time' -SampleInterval 1 -MaxSamples 2
        $before = (Get-PSDrive C).Free
        Get-ChildItem C:\inetpub\logs\LogFiles -Recurse -File |
            Where-Object { $_.LastWriteTime -lt (Get-Date).AddDays(-14) } |
            Remove-Item -Force
        if ($state -ne 'Started') {
            Start-WebAppPool -Name $pool
        } else {
            Restart-WebAppPool -Name $pool
        }
        Start-Sleep -Seconds 3
        Invoke-WebRequest http://localhost/health -UseBasicParsing | Select-Object StatusCode
        Get-Service W3SVC, WAS | Format-Table Name, Status
        $after = (Get-PSDrive C).Free
        "Freed {0:N1} MB" -f (($after - $before) / 1MB)
        """;

    private readonly ScriptValidator _validator = ScriptValidator.CreateDefault();
    private readonly ValidationContext _prod = new() { Environment = "prod" };

    [Benchmark(Description = "bash 20-line remediation")]
    public SafetyReport Bash() => _validator.Validate(Bash20, ScriptLanguage.Bash, _prod);

    [Benchmark(Description = "PowerShell 20-line remediation")]
    public SafetyReport PowerShell() => _validator.Validate(PowerShell20, ScriptLanguage.PowerShell, _prod);
}

/// <summary>
/// First call in a fresh process (JIT, catalogue load, PowerShell parser initialisation): each launch is a new
/// process and the single measured invocation is its first. This is the Lambda cold-start cost of the validator.
/// </summary>
[SimpleJob(RunStrategy.ColdStart, launchCount: 5, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
[MedianColumn]
[MinColumn]
[Config(typeof(ProcessCpuConfig))]
public class SafetyColdStartBenchmarks
{
    [Benchmark(Description = "first PowerShell validation in a fresh process")]
    public SafetyReport FirstPowerShellCall() =>
        ScriptValidator.CreateDefault().Validate(SafetyBenchmarks.PowerShell20, ScriptLanguage.PowerShell);

    [Benchmark(Description = "first bash validation in a fresh process")]
    public SafetyReport FirstBashCall() =>
        ScriptValidator.CreateDefault().Validate(SafetyBenchmarks.Bash20, ScriptLanguage.Bash);
}

/// <summary>Adds <see cref="ProcessCpuDiagnoser"/> to a benchmark class.</summary>
public sealed class ProcessCpuConfig : ManualConfig
{
    public ProcessCpuConfig() => AddDiagnoser(new ProcessCpuDiagnoser());
}

/// <summary>
/// Process CPU time (all threads, so GC work is included) over the measured iterations, divided by the
/// operations run in them. Time spent waiting for a core held by another process is not CPU time, which makes
/// this figure far steadier than the wall-clock mean on a loaded machine.
/// </summary>
public sealed class ProcessCpuDiagnoser : IDiagnoser
{
    private TimeSpan _before;
    private TimeSpan _spent;

    public IEnumerable<string> Ids => ["ProcessCpu"];

    public IEnumerable<IExporter> Exporters => [];

    public IEnumerable<IAnalyser> Analysers => [];

    public RunMode GetRunMode(BenchmarkCase benchmarkCase) => RunMode.NoOverhead;

    public bool RequiresBlockingAcknowledgments(BenchmarkCase benchmarkCase) => false;

    public void Handle(HostSignal signal, DiagnoserActionParameters parameters)
    {
        if (signal == HostSignal.BeforeActualRun)
        {
            _before = CpuOf(parameters.Process);
        }
        else if (signal == HostSignal.AfterActualRun)
        {
            // Summed over launches: a cold-start job runs its one measured call once per process.
            _spent += CpuOf(parameters.Process) - _before;
        }
    }

    public IEnumerable<Metric> ProcessResults(DiagnoserResults results)
    {
        // TotalOperations also counts pilot and warm-up runs: only the measured (actual) iterations ran between the signals.
        var operations = results.Measurements
            .Where(m => m.IterationMode == IterationMode.Workload && m.IterationStage == IterationStage.Actual)
            .Sum(m => m.Operations);
        var spent = _spent;
        _spent = TimeSpan.Zero;
        if (operations > 0 && spent > TimeSpan.Zero)
        {
            yield return new Metric(CpuPerOperation.Instance, spent.TotalNanoseconds / operations);
        }
    }

    public void DisplayResults(ILogger logger)
    {
    }

    public IEnumerable<ValidationError> Validate(ValidationParameters validationParameters) => [];

    private static TimeSpan CpuOf(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    private sealed class CpuPerOperation : IMetricDescriptor
    {
        public static readonly CpuPerOperation Instance = new();

        public string Id => "CpuPerOperation";

        public string DisplayName => "CPU/op";

        public string Legend => "Process CPU time per operation over the measured iterations (all threads; not inflated by other processes' load)";

        public string NumberFormat => "N1";

        public UnitType UnitType => UnitType.Time;

        public string Unit => "ns";

        public bool TheGreaterTheBetter => false;

        public int PriorityInCategory => 0;

        public bool GetIsAvailable(Metric metric) => true;
    }
}
