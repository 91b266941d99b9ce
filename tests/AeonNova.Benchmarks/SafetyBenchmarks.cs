using AeonNova.Core.Safety;
using AeonNova.Safety;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace AeonNova.Benchmarks;

/// <summary>
/// Validator throughput on one thread for a typical 20-line remediation script per language
/// (goals: bash ≥ 5,000 scripts/s, PowerShell ≥ 1,000 scripts/s). Scripts/s = 1 s / mean.
/// </summary>
[MemoryDiagnoser]
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
public class SafetyColdStartBenchmarks
{
    [Benchmark(Description = "first PowerShell validation in a fresh process")]
    public SafetyReport FirstPowerShellCall() =>
        ScriptValidator.CreateDefault().Validate(SafetyBenchmarks.PowerShell20, ScriptLanguage.PowerShell);

    [Benchmark(Description = "first bash validation in a fresh process")]
    public SafetyReport FirstBashCall() =>
        ScriptValidator.CreateDefault().Validate(SafetyBenchmarks.Bash20, ScriptLanguage.Bash);
}
