using System.Globalization;

namespace AeonNova.Core.Ports;

/// <summary>Applies a string attribute patch (the state machine's direct updateItem) to a record.</summary>
public static class ExecutionRecordPatch
{
    public static ExecutionRecord Apply(ExecutionRecord record, IReadOnlyDictionary<string, string> attributes)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(attributes);
        var extra = new Dictionary<string, string>(record.Attributes, StringComparer.Ordinal);
        foreach (var (name, value) in attributes)
        {
            switch (name)
            {
                case "status": record = record with { Status = value }; break;
                case "reason": record = record with { Reason = value }; break;
                case "approvalId": record = record with { ApprovalId = value }; break;
                case "updatedAt" when DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at):
                    record = record with { UpdatedAt = at };
                    break;
                default: extra[name] = value; break;
            }
        }
        return record with { Attributes = extra };
    }
}
