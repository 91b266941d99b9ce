namespace AeonNova.Analysis.Planning;

/// <summary>Read-only host diagnostics for the diagnostics-only plan (no runbook applies).</summary>
internal static class GenericDiagnostics
{
    public const string Bash = """
        # --- Diagnostics ---
        uptime
        df -h
        df -i
        free -m
        ps -eo pid,user,pcpu,pmem,etime,comm --sort=-pcpu | head -n 15
        systemctl --failed --no-pager
        journalctl -p err --since '-1 hour' --no-pager -n 100

        """;

    public const string PowerShell = """
        # --- Diagnostics ---
        Get-CimInstance -ClassName Win32_OperatingSystem | Select-Object CSName, LastBootUpTime, FreePhysicalMemory, TotalVisibleMemorySize
        Get-PSDrive -PSProvider FileSystem
        Get-Process | Sort-Object -Property CPU -Descending | Select-Object -First 15 -Property Id, ProcessName, CPU, WorkingSet64
        Get-Service | Where-Object { $_.StartType -eq 'Automatic' -and $_.Status -ne 'Running' }
        Get-WinEvent -FilterHashtable @{ LogName = 'System'; Level = 1, 2; StartTime = (Get-Date).AddHours(-1) } -MaxEvents 50

        """;
}
