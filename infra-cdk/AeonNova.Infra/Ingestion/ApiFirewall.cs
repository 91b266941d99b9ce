using System.Globalization;
using System.Text;
using AeonNova.Infra.Configuration;
using Amazon.CDK;
using Amazon.CDK.AWS.APIGateway;
using Amazon.CDK.AWS.KMS;
using Amazon.CDK.AWS.Logs;
using Stage = Amazon.CDK.AWS.APIGateway.Stage;
using Amazon.CDK.AWS.WAFv2;
using Constructs;

namespace AeonNova.Infra.Ingestion;

public sealed record ApiFirewallProps
{
    public required DeploymentSettings Settings { get; init; }

    public required Stage Stage { get; init; }

    /// <summary>Encrypts the WAF log group.</summary>
    public required IKey Key { get; init; }
}

/// <summary>
/// Regional WAF web ACL on the API stage: AWS managed rule groups (common, known bad inputs, IP reputation), a
/// rate-based rule per source IP, and a request size limit on the declared Content-Length (WAF inspects at most
/// 64 KB of a body, so the 256 KiB limit is enforced on the header here and on the body by Ingest, which answers 413).
/// </summary>
public sealed class ApiFirewall : Construct
{
    public const string RateRuleName = "RateLimitPerSourceIp";
    public const string SizeRuleName = "RequestBodyTooLarge";

    public ApiFirewall(Construct scope, string id, ApiFirewallProps props) : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(props);
        var settings = props.Settings;
        var name = settings.ResourcePrefix + "-api";

        Acl = new CfnWebACL(this, "WebAcl", new CfnWebACLProps
        {
            Name = name,
            Scope = "REGIONAL",
            DefaultAction = new CfnWebACL.DefaultActionProperty { Allow = new CfnWebACL.AllowActionProperty() },
            VisibilityConfig = Visibility(name),
            CustomResponseBodies = new Dictionary<string, object>
            {
                ["TooLarge"] = new CfnWebACL.CustomResponseBodyProperty
                {
                    ContentType = "APPLICATION_JSON",
                    Content = "{\"error\":\"request body exceeds the size limit\"}",
                },
            },
            Rules = new object[]
            {
                ManagedGroup("AWSManagedRulesAmazonIpReputationList", 0),
                // Alert payloads are legitimately larger than this group's 8 KB body rule: count it, keep the rest.
                ManagedGroup("AWSManagedRulesCommonRuleSet", 1, "SizeRestrictions_BODY"),
                ManagedGroup("AWSManagedRulesKnownBadInputsRuleSet", 2),
                new CfnWebACL.RuleProperty
                {
                    Name = RateRuleName,
                    Priority = 3,
                    Action = new CfnWebACL.RuleActionProperty { Block = new CfnWebACL.BlockActionProperty() },
                    Statement = new CfnWebACL.StatementProperty
                    {
                        RateBasedStatement = new CfnWebACL.RateBasedStatementProperty
                        {
                            Limit = settings.Api.WafRateLimitPer5Minutes,
                            AggregateKeyType = "IP",
                        },
                    },
                    VisibilityConfig = Visibility(RateRuleName),
                },
                new CfnWebACL.RuleProperty
                {
                    Name = SizeRuleName,
                    Priority = 4,
                    Action = new CfnWebACL.RuleActionProperty
                    {
                        Block = new CfnWebACL.BlockActionProperty
                        {
                            CustomResponse = new CfnWebACL.CustomResponseProperty { ResponseCode = 413, CustomResponseBodyKey = "TooLarge" },
                        },
                    },
                    Statement = new CfnWebACL.StatementProperty
                    {
                        RegexMatchStatement = new CfnWebACL.RegexMatchStatementProperty
                        {
                            RegexString = GreaterThanPattern(settings.Api.MaxRequestBytes),
                            FieldToMatch = new CfnWebACL.FieldToMatchProperty
                            {
                                SingleHeader = new Dictionary<string, object> { ["Name"] = "content-length" },
                            },
                            TextTransformations = new object[] { new CfnWebACL.TextTransformationProperty { Priority = 0, Type = "NONE" } },
                        },
                    },
                    VisibilityConfig = Visibility(SizeRuleName),
                },
            },
        });

        var stack = Stack.Of(this);
        var association = new CfnWebACLAssociation(this, "StageAssociation", new CfnWebACLAssociationProps
        {
            ResourceArn = $"arn:{stack.Partition}:apigateway:{stack.Region}::/restapis/{props.Stage.RestApi.RestApiId}/stages/{props.Stage.StageName}",
            WebAclArn = Acl.AttrArn,
        });
        association.Node.AddDependency(props.Stage);

        // WAF logs to CloudWatch Logs need a group named aws-waf-logs-…; it is encrypted with the stack key. Query
        // strings (approval links carry ?t=…) and the Authorization header are redacted before they are written.
        var logGroupName = $"aws-waf-logs-{name}";
        LogGroup = new LogGroup(this, "Logs", new LogGroupProps
        {
            LogGroupName = logGroupName,
            EncryptionKey = props.Key,
            Retention = RetentionPeriods.ToRetentionDays(settings.Retention.InfoLogDays, "retention.infoLogDays"),
            RemovalPolicy = RemovalPolicy.DESTROY,
        });
        var logging = new CfnLoggingConfiguration(this, "Logging", new CfnLoggingConfigurationProps
        {
            ResourceArn = Acl.AttrArn,
            // The destination ARN without CDK's trailing ":*".
            LogDestinationConfigs = [stack.FormatArn(new ArnComponents
            {
                Service = "logs",
                Resource = "log-group",
                ResourceName = logGroupName,
                ArnFormat = ArnFormat.COLON_RESOURCE_NAME,
            })],
        });
        // Written as an override: the 2.160 L1 renders SingleHeader's key as "name", CloudFormation wants "Name"
        // (found by CDK's CloudFormation template validation, rule F3003).
        logging.AddPropertyOverride("RedactedFields", new object[]
        {
            new Dictionary<string, object> { ["QueryString"] = new Dictionary<string, object>() },
            new Dictionary<string, object> { ["SingleHeader"] = new Dictionary<string, object> { ["Name"] = "authorization" } },
        });
        logging.Node.AddDependency(LogGroup);
    }

    /// <summary>The web ACL's request log (KMS-encrypted).</summary>
    public LogGroup LogGroup { get; }

    public CfnWebACL Acl { get; }

    /// <summary>
    /// A regular expression that matches a decimal integer strictly greater than <paramref name="limit"/>
    /// (WAF has no numeric comparison on header values).
    /// </summary>
    public static string GreaterThanPattern(long limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var digits = limit.ToString(CultureInfo.InvariantCulture);
        var alternatives = new List<string> { $"[1-9][0-9]{{{digits.Length},}}" };
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[i] - '0';
            if (digit == 9)
            {
                continue;
            }

            var rest = digits.Length - i - 1;
            var builder = new StringBuilder(digits[..i]);
            builder.Append(digit == 8 ? "9" : $"[{digit + 1}-9]");
            if (rest > 0)
            {
                builder.Append(CultureInfo.InvariantCulture, $"[0-9]{{{rest}}}");
            }

            alternatives.Add(builder.ToString());
        }

        return $"^0*({string.Join('|', alternatives)})$";
    }

    private static CfnWebACL.RuleProperty ManagedGroup(string groupName, int priority, params string[] countOnlyRules) => new()
    {
        Name = groupName,
        Priority = priority,
        OverrideAction = new CfnWebACL.OverrideActionProperty { None = new Dictionary<string, object>() },
        Statement = new CfnWebACL.StatementProperty
        {
            ManagedRuleGroupStatement = new CfnWebACL.ManagedRuleGroupStatementProperty
            {
                VendorName = "AWS",
                Name = groupName,
                RuleActionOverrides = countOnlyRules.Length == 0
                    ? null
                    : countOnlyRules.Select(r => (object)new CfnWebACL.RuleActionOverrideProperty
                    {
                        Name = r,
                        ActionToUse = new CfnWebACL.RuleActionProperty { Count = new CfnWebACL.CountActionProperty() },
                    }).ToArray(),
            },
        },
        VisibilityConfig = Visibility(groupName),
    };

    private static CfnWebACL.VisibilityConfigProperty Visibility(string metricName) => new()
    {
        CloudWatchMetricsEnabled = true,
        MetricName = metricName,
        SampledRequestsEnabled = true,
    };
}
