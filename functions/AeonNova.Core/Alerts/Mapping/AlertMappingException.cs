namespace AeonNova.Core.Alerts.Mapping;

/// <summary>A generic mapping file is unusable; the message names the JSON path in the mapping file and why.</summary>
public sealed class AlertMappingException : Exception
{
    public AlertMappingException() : base("the mapping file is invalid") { }
    public AlertMappingException(string message) : base(message) { }
    public AlertMappingException(string message, Exception innerException) : base(message, innerException) { }
}
