using AeonNova.Infra.Knowledge;
using AeonNova.Infra.Tests.Support;
using Amazon.CDK.Assertions;
using static AeonNova.Infra.Tests.Support.Json;

namespace AeonNova.Infra.Tests.Knowledge;

/// <summary>prod enables the knowledge base in cdk.json; dev does not.</summary>
[Collection(SynthCollection.Name)]
// CDK synthesis runs the jsii runtime on Node.
[Trait("Category", "Integration")]
public sealed class KnowledgeConstructTests(SynthFixture fixture)
{
    private readonly SynthesizedStack _prod = fixture.Prod;
    private readonly SynthesizedStack _dev = fixture.Dev;

    [Fact]
    public void KnowledgeBase_WhenDisabledByContext_ShouldNotBeDeployed()
    {
        _dev.Template.ResourceCountIs("AWS::Bedrock::KnowledgeBase", 0);
        _dev.Template.ResourceCountIs("AWS::OpenSearchServerless::Collection", 0);
    }

    [Fact]
    public void Collection_WhenEnabled_ShouldBeVectorSearchWithEncryptionNetworkAndDataAccessPolicies()
    {
        _prod.Template.HasResourceProperties("AWS::OpenSearchServerless::Collection", Obj(("Name", "aeonnova-prod-kb"), ("Type", "VECTORSEARCH"), ("StandbyReplicas", "ENABLED")));
        _prod.Template.HasResourceProperties("AWS::OpenSearchServerless::SecurityPolicy", Obj(("Type", "encryption"), ("Name", Match.AnyValue()), ("Policy", Match.AnyValue())));
        _prod.Template.HasResourceProperties("AWS::OpenSearchServerless::SecurityPolicy", Obj(("Type", "network"), ("Name", Match.AnyValue()), ("Policy", Match.AnyValue())));
        _prod.Template.HasResourceProperties("AWS::OpenSearchServerless::AccessPolicy", Obj(("Type", "data"), ("Name", Match.AnyValue()), ("Policy", Match.AnyValue())));

        var encryption = _prod.Resources("AWS::OpenSearchServerless::SecurityPolicy").Single(p => p.Value["Properties"]!["Type"]!.GetValue<string>() == "encryption");
        var policy = encryption.Value["Properties"]!["Policy"]!.ToJsonString();
        Assert.Contains("\\u0022AWSOwnedKey\\u0022:false", policy.Replace("\\\"", "\\u0022", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("DataKey", policy, StringComparison.Ordinal);
    }

    [Fact]
    public void VectorIndex_WhenEnabled_ShouldBeCreatedByTheSigV4CustomResourceBeforeTheKnowledgeBase()
    {
        var token = new Capture();
        _prod.Template.HasResourceProperties("Custom::AossVectorIndex", Match.ObjectLike(Obj(
            ("ServiceToken", Obj(("Fn::GetAtt", new object[] { token, "Arn" }))),
            ("IndexName", KnowledgeConstruct.IndexName),
            ("Dimensions", KnowledgeConstruct.EmbeddingDimensions),
            ("CollectionEndpoint", Match.AnyValue()))));
        var handler = _prod.Json["Resources"]![token.AsString()]!["Properties"]!["Handler"]!.GetValue<string>();
        Assert.Equal(KnowledgeConstruct.IndexHandler, handler);

        var kb = Assert.Single(_prod.Resources("AWS::Bedrock::KnowledgeBase"));
        Assert.Contains(Strings(kb.Value["DependsOn"]), d => d.StartsWith("KnowledgeVectorIndex", StringComparison.Ordinal));
        _prod.Template.HasResourceProperties("AWS::Bedrock::KnowledgeBase", Match.ObjectLike(Obj(
            ("StorageConfiguration", Match.ObjectLike(Obj(
                ("Type", "OPENSEARCH_SERVERLESS"),
                ("OpensearchServerlessConfiguration", Match.ObjectLike(Obj(("VectorIndexName", KnowledgeConstruct.IndexName))))))))));
    }

    [Fact]
    public void Runbooks_WhenEnabled_ShouldBeUploadedToTheEncryptedDataSourceBucket()
    {
        _prod.Template.HasResourceProperties("Custom::CDKBucketDeployment", Match.ObjectLike(Obj(
            ("DestinationBucketKeyPrefix", KnowledgeConstruct.RunbooksPrefix),
            ("Prune", true))));
        _prod.Template.HasResourceProperties("AWS::Bedrock::DataSource", Match.ObjectLike(Obj(
            ("DataSourceConfiguration", Match.ObjectLike(Obj(
                ("Type", "S3"),
                ("S3Configuration", Match.ObjectLike(Obj(("InclusionPrefixes", new[] { KnowledgeConstruct.RunbooksPrefix }))))))),
            ("ServerSideEncryptionConfiguration", Match.ObjectLike(Obj(("KmsKeyArn", Match.AnyValue())))))));
    }

    [Fact]
    public void Enrich_WhenKnowledgeEnabled_ShouldRetrieveFromTheKnowledgeBaseOnly()
    {
        _prod.Template.HasResourceProperties("AWS::IAM::Policy", Obj(("PolicyDocument", Obj(("Statement", Match.ArrayWith([
            Match.ObjectLike(Obj(("Action", "bedrock:Retrieve"), ("Resource", Obj(("Fn::GetAtt", new object[] { Match.StringLikeRegexp("^KnowledgeKnowledgeBase"), "KnowledgeBaseArn" }))))),
        ])), ("Version", Match.AnyValue()))), ("PolicyName", Match.AnyValue()), ("Roles", Match.AnyValue())));
    }
}
