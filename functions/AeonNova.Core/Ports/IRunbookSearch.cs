using AeonNova.Core.Alerts;
using AeonNova.Core.Workflow;

namespace AeonNova.Core.Ports;

/// <summary>Port: the runbooks that best match an alert (the analysis domain's retrieval behind it).</summary>
public interface IRunbookSearch
{
    IReadOnlyList<RunbookHit> Search(CanonicalAlert alert, int top);
}
