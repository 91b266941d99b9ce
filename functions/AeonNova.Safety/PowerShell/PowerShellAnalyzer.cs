using AeonNova.Safety.Analysis;

namespace AeonNova.Safety.PowerShell;

internal sealed class PowerShellAnalyzer(FindingSink sink)
{
    public void Analyze(string script) => _ = (sink, script);
}
