using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using AeonNova.Local;

namespace AeonNova.Local.Config;

/// <summary>
/// Reads aeonnova.json (comments and trailing commas allowed) and applies environment overrides written as
/// AEONNOVA__SECTION__KEY=value (double underscore = one level, like ASP.NET Core; array items by index).
/// The result is read once into an immutable <see cref="AeonNovaOptions"/>.
/// </summary>
public static class ConfigLoader
{
    public const string EnvPrefix = "AEONNOVA__";
    public const string DefaultFileName = "aeonnova.json";

    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <param name="configPath">The file to read; a missing file means "embedded defaults".</param>
    /// <param name="environment">Environment variables (pass <see cref="Environment.GetEnvironmentVariables()"/>).</param>
    public static AeonNovaOptions Load(string? configPath, IDictionary environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var tree = JsonSerializer.SerializeToNode(new AeonNovaOptions(), LocalJsonContext.Default.AeonNovaOptions)!.AsObject();
        if (configPath is not null && File.Exists(configPath))
        {
            JsonNode? file;
            try
            {
                file = JsonNode.Parse(File.ReadAllText(configPath), documentOptions: DocumentOptions);
            }
            catch (JsonException ex)
            {
                throw new ConfigException($"{configPath}: not valid JSON at line {ex.LineNumber + 1}, position {ex.BytePositionInLine + 1}: {FirstSentence(ex.Message)}");
            }
            if (file is not JsonObject fileObject)
            {
                throw new ConfigException($"{configPath}: the top level must be a JSON object");
            }
            RefuseRemoved(fileObject, configPath);
            Merge(tree, fileObject);
        }

        foreach (DictionaryEntry entry in environment)
        {
            if (entry.Key is string key && key.StartsWith(EnvPrefix, StringComparison.OrdinalIgnoreCase) && entry.Value is string value)
            {
                ApplyOverride(tree, key[EnvPrefix.Length..].Split("__", StringSplitOptions.RemoveEmptyEntries), value, key);
            }
        }

        CompleteItems(tree);
        AeonNovaOptions options;
        try
        {
            options = tree.Deserialize(LocalJsonContext.Default.AeonNovaOptions)
                ?? throw new ConfigException($"{configPath ?? "configuration"}: empty");
        }
        catch (JsonException ex)
        {
            throw new ConfigException($"{configPath ?? "configuration"}: {ex.Path ?? "$"}: {FirstSentence(ex.Message)}");
        }
        return Validate(Normalize(options), configPath ?? "configuration");
    }

    /// <summary>
    /// Dictionary values and array items get every default before deserialising: the source generator sets
    /// init-only properties through one object initializer, so a property absent from the JSON would be null.
    /// </summary>
    private static void CompleteItems(JsonObject tree)
    {
        if (tree[FindKey(tree, "sources") ?? "sources"] is JsonObject sources)
        {
            foreach (var name in sources.Select(p => p.Key).ToList())
            {
                var full = JsonSerializer.SerializeToNode(new SourceOptions(), LocalJsonContext.Default.SourceOptions)!.AsObject();
                if (sources[name] is JsonObject given)
                {
                    Merge(full, given);
                    sources[name] = full;
                }
            }
        }
        if (tree[FindKey(tree, "executors") ?? "executors"] is JsonArray executors)
        {
            for (var i = 0; i < executors.Count; i++)
            {
                var full = JsonSerializer.SerializeToNode(new ExecutorRule(), LocalJsonContext.Default.ExecutorRule)!.AsObject();
                if (executors[i] is JsonObject given)
                {
                    Merge(full, given);
                    executors[i] = full;
                }
            }
        }
    }

    private static void Merge(JsonObject target, JsonObject source)
    {
        foreach (var (name, value) in source.ToList())
        {
            var key = FindKey(target, name) ?? name;
            if (value is JsonObject sourceObject && target[key] is JsonObject targetObject)
            {
                Merge(targetObject, sourceObject);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }

    private static void ApplyOverride(JsonObject root, string[] segments, string value, string variable)
    {
        if (segments.Length == 0)
        {
            return;
        }
        JsonNode current = root;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            current = Child(current, segments[i], variable, create: true, arrayNext: int.TryParse(segments[i + 1], out _))!;
        }
        var last = segments[^1];
        var existing = Child(current, last, variable, create: false, arrayNext: false);
        JsonNode newValue = existing is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False
            || (existing is null && (value.Equals("true", StringComparison.OrdinalIgnoreCase) || value.Equals("false", StringComparison.OrdinalIgnoreCase)))
            ? JsonValue.Create(bool.TryParse(value, out var b) ? b : throw new ConfigException($"{variable}: expected true or false, got '{value}'"))
            : JsonValue.Create(value);
        switch (current)
        {
            case JsonObject obj:
                obj[FindKey(obj, last) ?? ToCamel(last)] = newValue;
                break;
            case JsonArray array when int.TryParse(last, out var index) && index >= 0 && index <= array.Count:
                if (index == array.Count)
                {
                    array.Add(newValue);
                }
                else
                {
                    array[index] = newValue;
                }
                break;
            default:
                throw new ConfigException($"{variable}: '{last}' does not name a setting here");
        }
    }

    private static JsonNode? Child(JsonNode node, string segment, string variable, bool create, bool arrayNext)
    {
        switch (node)
        {
            case JsonObject obj:
                var key = FindKey(obj, segment);
                if (key is not null && obj[key] is { } found)
                {
                    return found;
                }
                if (!create)
                {
                    return null;
                }
                JsonNode made = arrayNext ? new JsonArray() : new JsonObject();
                obj[key ?? ToCamel(segment)] = made;
                return made;
            case JsonArray array when int.TryParse(segment, out var index) && index >= 0:
                if (index < array.Count)
                {
                    return array[index];
                }
                if (!create || index != array.Count)
                {
                    return null;
                }
                var item = new JsonObject();
                array.Add(item);
                return item;
            default:
                throw new ConfigException($"{variable}: '{segment}' does not name a setting here");
        }
    }

    // workflow.approvalTimeoutSeconds was never read: the approval policy's severities.<severity>.responseMinutes
    // (required there) sets how long each tier has. Say so instead of the generic unknown-member error.
    private static void RefuseRemoved(JsonObject file, string configPath)
    {
        if (FindKey(file, "workflow") is { } workflowKey && file[workflowKey] is JsonObject workflow && FindKey(workflow, "approvalTimeoutSeconds") is not null)
        {
            throw new ConfigException($"{configPath}: workflow.approvalTimeoutSeconds is no longer a setting: approval timeouts are the approval policy's " +
                "severities.<severity>.responseMinutes (approvalPolicyFile); delete it from the file");
        }
    }

    private static string? FindKey(JsonObject obj, string name) =>
        obj.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));

    // Environment names lose camelCase; keys are matched case-insensitively, so lower case is as good as any.
    private static string ToCamel(string name) => name.ToLowerInvariant();

    private static AeonNovaOptions Normalize(AeonNovaOptions options) => options with
    {
        Sources = new Dictionary<string, SourceOptions>(options.Sources, StringComparer.OrdinalIgnoreCase),
        Workflow = options.Workflow with
        {
            SettleSeconds = new Dictionary<string, int>(options.Workflow.SettleSeconds, StringComparer.OrdinalIgnoreCase),
        },
    };

    private static AeonNovaOptions Validate(AeonNovaOptions options, string origin)
    {
        foreach (var (severity, seconds) in options.Workflow.SettleSeconds)
        {
            if (!Enum.TryParse<AeonNova.Core.Alerts.AlertSeverity>(severity, ignoreCase: true, out _) || int.TryParse(severity, out _))
            {
                throw new ConfigException($"{origin}: workflow.settleSeconds: '{severity}' is not a severity (critical, high, medium, low, info)");
            }
            if (seconds is < 0 or > 86400)
            {
                throw new ConfigException($"{origin}: workflow.settleSeconds.{severity}: {seconds} is outside 0–86400 seconds");
            }
        }
        if (!Uri.TryCreate(options.Urls, UriKind.Absolute, out _))
        {
            throw new ConfigException($"{origin}: urls: '{options.Urls}' is not an absolute URL such as http://127.0.0.1:5080");
        }
        if (options.Model.Endpoint.Length > 0)
        {
            if (!Uri.TryCreate(options.Model.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
            {
                throw new ConfigException($"{origin}: model.endpoint: '{options.Model.Endpoint}' is not an http(s) URL such as http://127.0.0.1:11434/v1");
            }
            if (options.Model.Model.Length == 0)
            {
                throw new ConfigException($"{origin}: model.model: an endpoint needs the model name to ask for (e.g. llama3.1:8b)");
            }
        }
        foreach (var (name, source) in options.Sources)
        {
            if (source.Auth is not ("none" or "bearer" or "basic" or "header" or "pagerduty" or "grafana"))
            {
                throw new ConfigException($"{origin}: sources.{name}.auth: '{source.Auth}' is not one of none, bearer, basic, header, pagerduty, grafana");
            }
            if (source.Auth == "basic" && source.User.Length == 0)
            {
                throw new ConfigException($"{origin}: sources.{name}.user: basic auth needs the user name");
            }
            if (source.Auth != "none" && source.Secrets.Count == 0)
            {
                throw new ConfigException($"{origin}: sources.{name}.secrets: auth '{source.Auth}' needs at least one secret");
            }
            if (source.Auth == "header" && string.IsNullOrWhiteSpace(source.Header))
            {
                throw new ConfigException($"{origin}: sources.{name}.header: auth '{source.Auth}' needs the header name");
            }
        }
        for (var i = 0; i < options.Executors.Count; i++)
        {
            var rule = options.Executors[i];
            if (rule.Type is not ("dry-run" or "local" or "ssh"))
            {
                throw new ConfigException($"{origin}: executors[{i}].type: '{rule.Type}' is not one of dry-run, local, ssh");
            }
            if (rule.Type == "ssh" && (rule.User.Length == 0 || rule.KeyFile.Length == 0 || rule.KnownHostsFile.Length == 0))
            {
                throw new ConfigException($"{origin}: executors[{i}]: ssh needs user, keyFile and knownHostsFile (unknown host keys are refused)");
            }
            if (rule.Type == "local" && rule.Hosts.Contains('*', StringComparison.Ordinal) && rule.Hosts.Trim() == "*")
            {
                throw new ConfigException($"{origin}: executors[{i}]: the local executor must name its hosts explicitly, not '*'");
            }
            if (rule.Shell is not ("bash" or "powershell"))
            {
                throw new ConfigException($"{origin}: executors[{i}].shell: '{rule.Shell}' is not bash or powershell");
            }
            if (rule.TimeoutSeconds <= 0 || rule.OutputLimitBytes <= 0)
            {
                throw new ConfigException($"{origin}: executors[{i}]: timeoutSeconds and outputLimitBytes must be positive");
            }
        }
        if (options.Queue.MaxAttempts < 1 || options.Queue.LeaseSeconds < 1 || options.Queue.BatchSize < 1 || options.Queue.PollMilliseconds < 1)
        {
            throw new ConfigException($"{origin}: queue: maxAttempts, leaseSeconds, batchSize and pollMilliseconds must be positive");
        }
        if (options.Queue.DeferToAcceptsMilliseconds is < 0 or > 10_000)
        {
            throw new ConfigException($"{origin}: queue: deferToAcceptsMilliseconds must be 0 to 10000 (it is {options.Queue.DeferToAcceptsMilliseconds})");
        }
        if (options.Chat.Slack is { Enabled: true } slack)
        {
            if (slack.Channel.Length == 0)
            {
                throw new ConfigException($"{origin}: chat.slack.channel: Slack approvals need the channel id to post to (e.g. C0123456789)");
            }
            if (!Uri.TryCreate(slack.ApiBaseUrl, UriKind.Absolute, out var api) || api.Scheme is not ("http" or "https"))
            {
                throw new ConfigException($"{origin}: chat.slack.apiBaseUrl: '{slack.ApiBaseUrl}' is not an http(s) URL");
            }
            if (slack.Users.Count == 0 && !slack.MapByVerifiedEmail)
            {
                throw new ConfigException($"{origin}: chat.slack: nobody could decide — list Slack user ids under chat.slack.users or set mapByVerifiedEmail");
            }
        }
        if (options.Chat.Teams is { Enabled: true } teams)
        {
            if (teams.AppId.Length == 0 || teams.Conversation.Length == 0)
            {
                throw new ConfigException($"{origin}: chat.teams: appId and conversation are needed (the bot's app id and the channel's conversation id)");
            }
            foreach (var (name, url) in new[] { ("serviceUrl", teams.ServiceUrl), ("tokenEndpoint", teams.TokenEndpoint), ("openIdMetadataUrl", teams.OpenIdMetadataUrl) })
            {
                if (!Uri.TryCreate(url, UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
                {
                    throw new ConfigException($"{origin}: chat.teams.{name}: '{url}' is not an http(s) URL");
                }
            }
            if (teams.Users.Count == 0)
            {
                throw new ConfigException($"{origin}: chat.teams.users: nobody could decide — map Entra object ids to approver emails");
            }
        }
        if (options.Storage.Synchronous is not ("normal" or "full"))
        {
            throw new ConfigException($"{origin}: storage.synchronous: '{options.Storage.Synchronous}' is not normal or full");
        }
        return options;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message.TrimEnd('.');
    }
}

/// <summary>A configuration problem, with the file and setting it is about.</summary>
public sealed class ConfigException : Exception
{
    public ConfigException(string message) : base(message) { }
    public ConfigException() { }
    public ConfigException(string message, Exception inner) : base(message, inner) { }
}
