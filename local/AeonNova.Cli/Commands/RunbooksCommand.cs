using System.CommandLine;
using System.Text.Json;
using AeonNova.Analysis.Retrieval;
using AeonNova.Analysis.Runbooks;
using AeonNova.Local.Hosting;

namespace AeonNova.Cli.Commands;

/// <summary>
/// <c>aeonnova runbooks list</c> and <c>aeonnova runbooks search "QUERY" [--top K]</c> over runbooks/ (BM25F, JSON on stdout).
/// </summary>
internal static class RunbooksCommand
{
    public static Command Create()
    {
        var command = new Command("runbooks", "List and search the runbooks (SOP knowledge base in runbooks/).");
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateSearch());
        return command;
    }

    /// <summary>runbooks/ of the checkout (or next to the binary); a malformed file is a CLI error naming file and line.</summary>
    public static RunbookRepository LoadRepository()
    {
        try
        {
            return RunbookRepository.LoadFromDirectory(RepoFolders.Find("runbooks"));
        }
        catch (RunbookFormatException ex)
        {
            throw new CliException($"runbooks: {ex.Message}");
        }
    }

    public static void WriteRunbook(Utf8JsonWriter writer, Runbook runbook, double? score)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(runbook);
        writer.WriteStartObject();
        writer.WriteString("id", runbook.Id);
        writer.WriteString("title", runbook.Title);
        if (score is { } s)
        {
            writer.WriteNumber("score", Math.Round(s, 4));
        }
        writer.WriteStartArray("os");
        foreach (var os in runbook.Os)
        {
            writer.WriteStringValue(os);
        }
        writer.WriteEndArray();
        writer.WriteString("risk", runbook.Risk);
        writer.WriteStartArray("intents");
        foreach (var intent in runbook.Intents)
        {
            writer.WriteStringValue(intent);
        }
        writer.WriteEndArray();
        writer.WriteStartArray("technologies");
        foreach (var technology in runbook.Technologies)
        {
            writer.WriteStringValue(technology);
        }
        writer.WriteEndArray();
        writer.WriteStartArray("parameters");
        foreach (var p in runbook.Parameters)
        {
            writer.WriteStringValue(p.Name);
        }
        writer.WriteEndArray();
        writer.WriteString("file", $"runbooks/{Path.GetFileName(runbook.SourcePath)}");
        writer.WriteEndObject();
    }

    private static Command CreateList()
    {
        var command = new Command("list", "List every runbook (JSON array on stdout).");
        command.SetAction(_ =>
        {
            var repository = LoadRepository();
            Write(writer =>
            {
                writer.WriteStartArray();
                foreach (var runbook in repository.All)
                {
                    WriteRunbook(writer, runbook, score: null);
                }
                writer.WriteEndArray();
            });
            return CliRunner.Ok;
        });
        return command;
    }

    private static Command CreateSearch()
    {
        var query = new Argument<string>("QUERY") { Description = "Free text, e.g. \"disk full /var\"." };
        var top = new Option<int>("--top", "-k")
        {
            Description = "How many results (best first, ties by id).",
            DefaultValueFactory = _ => 5,
        };
        var command = new Command("search", "Search the runbooks with BM25F (JSON {query, results[{id, title, score, …}]} on stdout).")
        {
            query, top,
        };
        command.SetAction(result =>
        {
            var k = result.GetValue(top);
            if (k < 1)
            {
                throw new CliException($"--top must be at least 1, got {k}");
            }
            var text = result.GetValue(query) ?? "";
            var hits = new RunbookRetriever(LoadRepository()).Search(text, k);
            Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("query", text);
                writer.WriteStartArray("results");
                foreach (var hit in hits)
                {
                    WriteRunbook(writer, hit.Runbook, hit.Score);
                }
                writer.WriteEndArray();
                writer.WriteEndObject();
            });
            return CliRunner.Ok;
        });
        return command;
    }

    private static void Write(Action<Utf8JsonWriter> write)
    {
        using var stdout = Console.OpenStandardOutput();
        using (var writer = new Utf8JsonWriter(stdout, new JsonWriterOptions { Indented = true }))
        {
            write(writer);
        }
        stdout.Write("\n"u8);
    }
}
