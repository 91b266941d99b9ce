using Amazon.CDK;

namespace AeonNova.Infra.Configuration;

/// <summary>
/// Physical names that key-policy and bucket-policy conditions refer to before the resource exists. A condition on
/// a constructed ARN (rather than a Ref/GetAtt) keeps the KMS key — which every queue, topic and table depends on —
/// free of dependency cycles (the cause of aws-cdk issue #11158 for encrypted queue targets).
/// </summary>
public static class ResourceNames
{
    /// <summary>The EventBridge rule that turns CloudWatch alarm state changes into alerts.</summary>
    public static string AlarmRule(DeploymentSettings settings) => Prefixed(settings, "cloudwatch-alarms");

    /// <summary>The SNS topic the state machine publishes approval requests to.</summary>
    public static string ApprovalTopic(DeploymentSettings settings) => Prefixed(settings, "approvals");

    /// <summary>Every alarm the stack creates starts with this (the rule skips them; the key trusts only them).</summary>
    public static string AlarmNamePrefix(DeploymentSettings settings) => Prefixed(settings, string.Empty);

    public static string AlarmRuleArn(Stack stack, DeploymentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return $"arn:{stack.Partition}:events:{stack.Region}:{stack.Account}:rule/{AlarmRule(settings)}";
    }

    public static string ApprovalTopicArn(Stack stack, DeploymentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return $"arn:{stack.Partition}:sns:{stack.Region}:{stack.Account}:{ApprovalTopic(settings)}";
    }

    public static string OwnAlarmsArnPattern(Stack stack, DeploymentSettings settings)
    {
        ArgumentNullException.ThrowIfNull(stack);
        return $"arn:{stack.Partition}:cloudwatch:{stack.Region}:{stack.Account}:alarm:{AlarmNamePrefix(settings)}*";
    }

    private static string Prefixed(DeploymentSettings settings, string suffix)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return $"{settings.ResourcePrefix}-{suffix}";
    }
}
