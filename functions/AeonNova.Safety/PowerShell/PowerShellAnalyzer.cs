using AeonNova.Safety.Analysis;

namespace AeonNova.Safety.PowerShell;

internal sealed class PowerShellAnalyzer(FindingSink sink, ScriptState? state = null, int nesting = 0)
{
    public void Analyze(string script) => _ = (sink, script, state, nesting);

    public void AnalyzeNested(string script, SourceSpan at) => _ = (script, at);
}
