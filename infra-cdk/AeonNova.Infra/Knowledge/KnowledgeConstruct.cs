using AeonNova.Infra.Configuration;
using AeonNova.Infra.Data;
using AeonNova.Infra.Functions;
using Constructs;

namespace AeonNova.Infra.Knowledge;

public sealed record KnowledgeProps
{
    public required DeploymentSettings Settings { get; init; }

    public required SourcePaths Paths { get; init; }

    public required DataConstruct Data { get; init; }

    public required FunctionsConstruct Functions { get; init; }
}

public sealed class KnowledgeConstruct : Construct
{
    public KnowledgeConstruct(Construct scope, string id, KnowledgeProps props) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
    }
}
