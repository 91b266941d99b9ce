namespace AeonNova.Infra.Configuration;

/// <summary>A deployment setting or input path is missing or invalid; the message names the setting and why.</summary>
public sealed class InfraConfigurationException : Exception
{
    public InfraConfigurationException(string message) : base(message)
    {
    }

    public InfraConfigurationException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public InfraConfigurationException()
    {
    }
}
