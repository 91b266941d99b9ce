using System.CommandLine;
using System.Text.Json;
using AeonNova.Core.Alerts;
using AeonNova.Core.Alerts.Mapping;
using AeonNova.Core.Json;

namespace AeonNova.Cli.Commands;

/// <summary><c>aeonnova alerts parse --source SRC [--mapping FILE] FILE…</c>: webhook bodies to one JSON array of canonical alerts.</summary>
internal static class AlertsCommand
{
    public static Command Create()
    {
        var command = new Command("alerts", "Work with monitoring alerts.");
        command.Subcommands.Add(CreateParse());
        return command;
    }

    private static Command CreateParse()
    {
        var source = new Option<string>("--source", "-s")
        {
            Description = "Source format: alertmanager, grafana, datadog, cloudwatch, pagerduty, opsgenie, servicenow, zabbix, "
                + "generic, or a source name defined in the --mapping file.",
            Required = true,
        };
        var mapping = new Option<FileInfo?>("--mapping", "-m")
        {
            Description = "Generic mapping file (JSON: source name → JSON paths per canonical field); see docs/alert-sources.md.",
        };
        var files = new Argument<FileInfo[]>("FILE")
        {
            Description = "Webhook body files (JSON, at most 256 KiB each). All alerts of all files go into one JSON array.",
            Arity = ArgumentArity.OneOrMore,
        };
        var events = new Option<bool>("--events")
        {
            Description = "Print {\"alerts\":[…],\"informational\":[…]} instead of the bare array, so notes, pings and handshakes are listed too.",
        };
        var command = new Command("parse", "Parse webhook bodies into canonical alerts (JSON array on stdout; informational events noted on stderr; exit 2 on bad input).")
        {
            source, mapping, events, files,
        };
        command.SetAction(result => Parse(result.GetValue(source)!, result.GetValue(mapping), result.GetValue(events), result.GetValue(files) ?? []));
        return command;
    }

    private static int Parse(string source, FileInfo? mappingFile, bool withEvents, FileInfo[] files)
    {
        AlertParserRegistry registry;
        try
        {
            registry = new AlertParserRegistry(TimeProvider.System, mappings: mappingFile is null ? null : LoadMapping(mappingFile));
        }
        catch (AlertMappingException ex)
        {
            throw new CliException($"--mapping {mappingFile?.FullName}: {ex.Message}");
        }
        if (!registry.IsKnownSource(source))
        {
            try
            {
                registry.Get(source);
            }
            catch (AlertParseException ex)
            {
                throw new CliException(ex.Message);
            }
        }
        var alerts = new List<CanonicalAlert>();
        var informational = new List<InformationalEvent>();
        foreach (var file in files)
        {
            var body = ReadBody(file);
            try
            {
                var parsed = registry.ParseEvents(source, body);
                alerts.AddRange(parsed.Alerts);
                informational.AddRange(parsed.Informational);
                foreach (var info in parsed.Informational)
                {
                    // Not an error: the event is accepted and starts nothing; say so where a human reads.
                    Console.Error.WriteLine($"aeonnova: {file.FullName}: informational {info.Source} event '{info.Event}' ({info.Reason}): no alert");
                }
            }
            catch (AlertParseException ex)
            {
                var kind = Describe(ex.Kind);
                var message = ex.Message.StartsWith(kind, StringComparison.Ordinal) ? ex.Message : $"{kind}: {ex.Message}";
                throw new CliException($"{file.FullName}: {message}");
            }
        }
        using var stdout = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
        {
            if (withEvents)
            {
                JsonSerializer.Serialize(writer, new AlertParseResult(alerts, informational), CoreJsonContext.Default.AlertParseResult);
            }
            else
            {
                JsonSerializer.Serialize(writer, alerts, CoreJsonContext.Default.ListCanonicalAlert);
            }
        }
        stdout.Write("\n"u8);
        return CliRunner.Ok;
    }

    /// <summary>The canonical alerts in one webhook body file, with the same errors as 'alerts parse' (used by 'plan').</summary>
    internal static IReadOnlyList<CanonicalAlert> ParseFile(string source, FileInfo? mappingFile, FileInfo file)
    {
        AlertParserRegistry registry;
        try
        {
            registry = new AlertParserRegistry(TimeProvider.System, mappings: mappingFile is null ? null : LoadMapping(mappingFile));
            var body = ReadBody(file);
            return registry.Parse(source, body);
        }
        catch (AlertMappingException ex)
        {
            throw new CliException($"--mapping {mappingFile?.FullName}: {ex.Message}");
        }
        catch (AlertParseException ex)
        {
            var kind = Describe(ex.Kind);
            var message = ex.Message.StartsWith(kind, StringComparison.Ordinal) ? ex.Message : $"{kind}: {ex.Message}";
            throw new CliException(ex.Kind == AlertParseErrorKind.UnknownSource ? ex.Message : $"{file.FullName}: {message}");
        }
    }

    private static byte[] ReadBody(FileInfo file)
    {
        try
        {
            // Checked before reading so that a huge file is never loaded.
            if (file.Exists && file.Length > AlertLimits.MaxBodyBytes)
            {
                throw new CliException($"{file.FullName}: {Describe(AlertParseErrorKind.TooLarge)}: file is {file.Length} bytes, over the {AlertLimits.MaxBodyBytes}-byte (256 KiB) limit");
            }
            return File.ReadAllBytes(file.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{file.FullName}: cannot read: {ex.Message}");
        }
    }

    private static GenericMappingSet LoadMapping(FileInfo file)
    {
        byte[] json;
        try
        {
            json = File.ReadAllBytes(file.FullName);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--mapping {file.FullName}: cannot read: {ex.Message}");
        }
        try
        {
            return GenericMappingSet.Load(json);
        }
        catch (AlertMappingException ex)
        {
            throw new CliException($"--mapping {file.FullName}: {ex.Message}");
        }
    }

    private static string Describe(AlertParseErrorKind kind) => kind switch
    {
        AlertParseErrorKind.EmptyBody => "empty body",
        AlertParseErrorKind.TooLarge => "body too large",
        AlertParseErrorKind.MalformedJson => "malformed JSON",
        AlertParseErrorKind.WrongShape => "wrong shape",
        _ => "unknown source",
    };
}
