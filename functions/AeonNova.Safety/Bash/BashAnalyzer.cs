using AeonNova.Safety.Analysis;

namespace AeonNova.Safety.Bash;

internal sealed class BashAnalyzer(FindingSink sink)
{
    public void Analyze(string script) => _ = (sink, script);
}
