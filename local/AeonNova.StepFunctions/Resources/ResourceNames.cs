namespace AeonNova.StepFunctions.Resources;

/// <summary>Parses Task Resource strings: Lambda ARNs, <c>arn:aws:states:::service:action[.pattern]</c>, <c>${Placeholder}</c>.</summary>
public static class ResourceNames
{
    public const string StatesPrefix = "arn:aws:states:::";
    public const string SyncSuffix = ".sync";
    public const string Sync2Suffix = ".sync:2";
    public const string WaitForTaskTokenSuffix = ".waitForTaskToken";
    public const string LambdaInvoke = "arn:aws:states:::lambda:invoke";

    /// <summary>True for <c>${Name}</c>.</summary>
    public static bool IsPlaceholder(string value) =>
        value.Length > 3 && value.StartsWith("${", StringComparison.Ordinal) && value.EndsWith('}');

    /// <summary>"${Name}" → "Name"; anything else unchanged.</summary>
    public static string StripPlaceholder(string value) => IsPlaceholder(value) ? value[2..^1] : value;

    /// <summary>True for a Lambda function ARN (<c>arn:aws:lambda:region:account:function:name[:qualifier]</c>).</summary>
    public static bool IsLambdaArn(string value) =>
        value.StartsWith("arn:", StringComparison.Ordinal) && value.Contains(":lambda:", StringComparison.Ordinal)
        && value.Contains(":function:", StringComparison.Ordinal);

    /// <summary>The key a function is bound under: the function name for a Lambda ARN, the key for a placeholder, else the value.</summary>
    public static string FunctionKey(string function)
    {
        if (IsPlaceholder(function)) { return StripPlaceholder(function); }
        if (IsLambdaArn(function))
        {
            var rest = function[(function.IndexOf(":function:", StringComparison.Ordinal) + ":function:".Length)..];
            var colon = rest.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? rest : rest[..colon];
        }
        return function;
    }

    /// <summary>The key a resource is bound under: the placeholder key, or the resource as written.</summary>
    public static string ResourceKey(string resource) => StripPlaceholder(resource);

    /// <summary>Removes .sync, .sync:2 or .waitForTaskToken.</summary>
    public static string WithoutPattern(string resource)
    {
        if (resource.EndsWith(WaitForTaskTokenSuffix, StringComparison.Ordinal)) { return resource[..^WaitForTaskTokenSuffix.Length]; }
        if (resource.EndsWith(Sync2Suffix, StringComparison.Ordinal)) { return resource[..^Sync2Suffix.Length]; }
        if (resource.EndsWith(SyncSuffix, StringComparison.Ordinal)) { return resource[..^SyncSuffix.Length]; }
        return resource;
    }

    /// <summary>"arn:aws:states:::sns:publish" → "sns:publish"; other values unchanged.</summary>
    public static string ShortServiceName(string resource) =>
        resource.StartsWith(StatesPrefix, StringComparison.Ordinal) ? resource[StatesPrefix.Length..] : resource;

    /// <summary>The resource type Step Functions reports in history events ("lambda", "sns", "aws-sdk:ssm", …).</summary>
    public static string ResourceType(string resource)
    {
        if (IsLambdaArn(resource) || IsPlaceholder(resource)) { return "lambda"; }
        var shortName = ShortServiceName(WithoutPattern(resource));
        var lastColon = shortName.LastIndexOf(':');
        return lastColon <= 0 ? shortName : shortName[..lastColon];
    }
}
