using AeonNova.Infra.Tests.Support;
using Amazon.CDK.Assertions;
using static AeonNova.Infra.Tests.Support.Json;

namespace AeonNova.Infra.Tests.Data;

[Collection(SynthCollection.Name)]
// CDK synthesis runs the jsii runtime on Node.
[Trait("Category", "Integration")]
public sealed class DataConstructTests(SynthFixture fixture)
{
    private readonly SynthesizedStack _dev = fixture.Dev;

    [Fact]
    public void Tables_WhenSynthesized_ShouldBeOnDemandWithPitrTtlAndKmsEncryption()
    {
        _dev.Template.ResourceCountIs("AWS::DynamoDB::Table", 4);
        _dev.Template.AllResourcesProperties("AWS::DynamoDB::Table", Match.ObjectLike(Obj(
            ("BillingMode", "PAY_PER_REQUEST"),
            ("PointInTimeRecoverySpecification", Obj(("PointInTimeRecoveryEnabled", true))),
            ("SSESpecification", Obj(("SSEEnabled", true), ("SSEType", "KMS"), ("KMSMasterKeyId", Match.AnyValue()))),
            ("TimeToLiveSpecification", Obj(("AttributeName", "ttl"), ("Enabled", true))))));
    }

    [Fact]
    public void Key_WhenSynthesized_ShouldRotate()
    {
        _dev.Template.HasResourceProperties("AWS::KMS::Key", Obj(("EnableKeyRotation", true)));
    }

    [Fact]
    public void AuditBucket_WhenSynthesized_ShouldBeVersionedKmsEncryptedPrivateAndArchived()
    {
        _dev.Template.HasResourceProperties("AWS::S3::Bucket", Match.ObjectLike(Obj(
            ("VersioningConfiguration", Obj(("Status", "Enabled"))),
            ("BucketEncryption", Obj(("ServerSideEncryptionConfiguration", Match.ArrayWith([
                Match.ObjectLike(Obj(("ServerSideEncryptionByDefault", Obj(("SSEAlgorithm", "aws:kms"), ("KMSMasterKeyID", Match.AnyValue()))))),
            ])))),
            ("PublicAccessBlockConfiguration", Obj(
                ("BlockPublicAcls", true), ("BlockPublicPolicy", true), ("IgnorePublicAcls", true), ("RestrictPublicBuckets", true))),
            ("LifecycleConfiguration", Obj(("Rules", Match.ArrayWith([
                Match.ObjectLike(Obj(("Prefix", "audit/"), ("Status", "Enabled"), ("Transitions", Match.ArrayWith([
                    Match.ObjectLike(Obj(("StorageClass", "GLACIER"), ("TransitionInDays", 90))),
                ])))),
                Match.ObjectLike(Obj(("Prefix", "logs/errors/"), ("ExpirationInDays", 90))),
            ])))))));
    }

    [Fact]
    public void AuditBucket_WhenSynthesized_ShouldDenyRequestsWithoutTls()
    {
        _dev.Template.HasResourceProperties("AWS::S3::BucketPolicy", Obj(("PolicyDocument", Obj(("Statement", Match.ArrayWith([
            Match.ObjectLike(Obj(
                ("Effect", "Deny"),
                ("Condition", Obj(("Bool", Obj(("aws:SecureTransport", "false"))))))),
        ]))))));
    }
}
