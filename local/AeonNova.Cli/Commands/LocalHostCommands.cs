using System.Collections;
using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using AeonNova.Local.Bench;
using AeonNova.Local.Config;
using AeonNova.Local.Hosting;
using AeonNova.Local.Storage;
using AeonNova.Local.Ui;

namespace AeonNova.Cli.Commands;

/// <summary>
/// The local stack: <c>serve</c>, <c>init</c>, <c>send</c>, <c>executions list|show</c>, <c>approvals list</c> and
/// <c>bench serve</c>, <c>audit verify</c>. Reading commands open the data dir's SQLite file directly, so they work with or without a
/// running host.
/// </summary>
internal static class LocalHostCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Serve();
        yield return Init();
        yield return Send();
        yield return Executions();
        yield return Approvals();
        yield return Bench();
        yield return Audit();
        yield return UsersCommand.Create();
    }

    private static Option<string?> ConfigOption() => new("--config", "-c")
    {
        Description = $"Configuration file (default ./{ConfigLoader.DefaultFileName}; missing = embedded defaults). AEONNOVA__… variables override it.",
    };

    private static Option<string?> DataDirOption() => new("--data-dir") { Description = "Data directory (default from config, ./.aeonnova)." };

    private static Command Serve()
    {
        var urls = new Option<string?>("--urls") { Description = "Listen URL (default http://127.0.0.1:5080)." };
        var dataDir = DataDirOption();
        var config = ConfigOption();
        var command = new Command("serve", "Run the whole system on this machine: webhooks, workflow, approvals, executors, UI at /ui.")
        {
            urls, dataDir, config,
        };
        command.SetAction(result =>
        {
            var (options, directory) = Load(result.GetValue(config), result.GetValue(urls), result.GetValue(dataDir));
            Microsoft.AspNetCore.Builder.WebApplication app;
            try
            {
                app = LocalHost.Build(new LocalHostSettings { Options = options, ConfigDirectory = directory, FindRepoFolder = RepoFolders.Find });
            }
            catch (ConfigException ex)
            {
                throw new CliException(ex.Message);
            }
            Console.Error.WriteLine($"aeonnova: serving {options.Urls} (UI {options.Urls.TrimEnd('/')}/ui), data in {Path.GetFullPath(Path.Combine(directory, options.DataDir))}; Ctrl+C stops");
            try
            {
                app.Run();
            }
            catch (IOException ex)
            {
                throw new CliException($"cannot listen on {options.Urls}: {ex.Message}", CliRunner.Failed);
            }
            return CliRunner.Ok;
        });
        return command;
    }

    private static Command Init()
    {
        var force = new Option<bool>("--force") { Description = "Overwrite an existing file." };
        var path = new Argument<string>("FILE") { Description = "Where to write it.", DefaultValueFactory = _ => ConfigLoader.DefaultFileName };
        var command = new Command("init", "Write a commented starter aeonnova.json.") { force, path };
        command.SetAction(result =>
        {
            var file = result.GetValue(path)!;
            if (File.Exists(file) && !result.GetValue(force))
            {
                throw new CliException($"{file} exists; use --force to overwrite it");
            }
            var (text, senders) = StarterConfig.Render(StarterConfig.NewSecret);
            File.WriteAllText(file, text);
            Console.WriteLine($"wrote {Path.GetFullPath(file)} with a fresh random secret per source. Configure each sender with its secret:");
            Console.WriteLine(senders);
            Console.WriteLine("then start with: aeonnova serve");
            return CliRunner.Ok;
        });
        return command;
    }

    private static Command Send()
    {
        var source = new Option<string>("--source", "-s") { Description = "Alert source, e.g. alertmanager.", Required = true };
        var url = new Option<string>("--url") { Description = "Host URL.", DefaultValueFactory = _ => "http://127.0.0.1:5080" };
        var headers = new Option<string[]>("--header", "-H") { Description = "Extra header 'Name: value' (auth), repeatable.", AllowMultipleArgumentsPerToken = false };
        var file = new Argument<FileInfo>("FILE") { Description = "Webhook body (JSON)." };
        var command = new Command("send", "POST a webhook body to a running host (like the monitoring tool would).") { source, url, headers, file };
        command.SetAction(result =>
        {
            var body = result.GetValue(file)!;
            if (!body.Exists)
            {
                throw new CliException($"{body.FullName}: no such file");
            }
            using var http = new HttpClient { BaseAddress = new Uri(result.GetValue(url)!) };
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/alerts/{Uri.EscapeDataString(result.GetValue(source)!)}")
            {
                Content = new ByteArrayContent(File.ReadAllBytes(body.FullName)),
            };
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            foreach (var header in result.GetValue(headers) ?? [])
            {
                var colon = header.IndexOf(':', StringComparison.Ordinal);
                if (colon <= 0)
                {
                    throw new CliException($"--header '{header}': expected 'Name: value'");
                }
                request.Headers.TryAddWithoutValidation(header[..colon].Trim(), header[(colon + 1)..].Trim());
            }
            HttpResponseMessage response;
            try
            {
                response = http.Send(request);
            }
            catch (HttpRequestException ex)
            {
                throw new CliException($"cannot reach {http.BaseAddress}: {ex.Message} (is 'aeonnova serve' running?)", CliRunner.Failed);
            }
            using (response)
            {
                Console.WriteLine(response.Content.ReadAsStringAsync().GetAwaiter().GetResult());
                return response.StatusCode == HttpStatusCode.Accepted ? CliRunner.Ok : CliRunner.Failed;
            }
        });
        return command;
    }

    private static Command Executions()
    {
        var command = new Command("executions", "Inspect workflow executions in the data dir.");
        var dataDir = DataDirOption();
        var config = ConfigOption();
        var status = new Option<string?>("--status") { Description = "RUNNING, WAITING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED." };
        var list = new Command("list", "List executions, newest first.") { dataDir, config, status };
        list.SetAction(result =>
        {
            var store = Store(result.GetValue(config), result.GetValue(dataDir));
            var rows = store.List(new ExecutionQuery { Status = result.GetValue(status), Limit = 200 });
            Console.WriteLine($"{"NAME",-48} {"STATUS",-10} {"STATE",-22} {"SEVERITY",-8} {"HOST",-20} TITLE");
            foreach (var e in rows)
            {
                var shown = e.Waiting && e.Status == "RUNNING" ? "WAITING" : e.Status;
                Console.WriteLine($"{e.Name,-48} {shown,-10} {e.CurrentState,-22} {e.Severity,-8} {e.Host,-20} {e.Title}");
            }
            return CliRunner.Ok;
        });
        var name = new Argument<string>("NAME") { Description = "Execution name or ARN." };
        var show = new Command("show", "Print one execution with its history as JSON (task tokens blanked).") { DataDirOption(), ConfigOption(), name };
        show.SetAction(result =>
        {
            var options = show.Options;
            var store = Store(result.GetValue((Option<string?>)options[1]), result.GetValue((Option<string?>)options[0]));
            var snapshot = store.Find(result.GetValue(name)!) ?? throw new CliException($"no execution named '{result.GetValue(name)}'");
            Console.WriteLine(LocalHost.ExecutionJson(snapshot).ToJsonString(new JsonSerializerOptions { WriteIndented = true, TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine() }));
            return CliRunner.Ok;
        });
        command.Subcommands.Add(list);
        command.Subcommands.Add(show);
        return command;
    }

    private static Command Approvals()
    {
        var command = new Command("approvals", "Inspect approvals in the data dir.");
        var dataDir = DataDirOption();
        var config = ConfigOption();
        var list = new Command("list", "List approvals waiting for a decision.") { dataDir, config };
        list.SetAction(result =>
        {
            var (options, directory) = Load(result.GetValue(config), null, result.GetValue(dataDir));
            var database = new SqliteDatabase(Path.Combine(directory, options.DataDir), options.Storage);
            var open = ApprovalQueries.Open(database);
            Console.WriteLine($"{"APPROVAL",-36} {"STATUS",-10} {"EXPIRES (UTC)",-20} {"EXECUTION",-40} ALERT");
            foreach (var a in open)
            {
                Console.WriteLine($"{a.Id,-36} {a.Status,-10} {a.ExpiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),-20} {a.ExecutionId[(a.ExecutionId.LastIndexOf(':') + 1)..],-40} {a.Title}");
            }
            if (open.Count == 0)
            {
                Console.WriteLine("(no approvals waiting)");
            }
            return CliRunner.Ok;
        });
        command.Subcommands.Add(list);
        return command;
    }

    private static Command Bench()
    {
        var command = new Command("bench", "Measure the local stack.");
        var alerts = new Option<int>("--alerts") { Description = "Distinct alerts for the accept rate.", DefaultValueFactory = _ => 3000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Parallel HTTP clients.", DefaultValueFactory = _ => 16 };
        var samples = new Option<int>("--approval-samples") { Description = "Alerts timed to WaitForApproval.", DefaultValueFactory = _ => 200 };
        var copies = new Option<int>("--duplicates") { Description = "Copies of one alert.", DefaultValueFactory = _ => 10_000 };
        var serve = new Command("serve", "Accepted alerts/s and p99 accept latency, alert → awaiting-approval p99, N copies → one execution (JSON on stdout).")
        {
            alerts, concurrency, samples, copies,
        };
        serve.SetAction(result =>
        {
            var figures = ServeBench.RunAsync(new ServeBenchOptions
            {
                Alerts = result.GetValue(alerts),
                Concurrency = result.GetValue(concurrency),
                ApprovalSamples = result.GetValue(samples),
                Duplicates = result.GetValue(copies),
                FindRepoFolder = RepoFolders.Find,
            }, Console.Error, CancellationToken.None).GetAwaiter().GetResult();
            Console.WriteLine(figures.ToJson().ToJsonString());
            return figures.ExecutionsForDuplicatedAlert == 1 ? CliRunner.Ok : CliRunner.Failed;
        });
        command.Subcommands.Add(serve);
        return command;
    }

    private static Command Audit()
    {
        var command = new Command("audit", "Check the tamper-evident audit trail of the data dir.");
        var dataDir = DataDirOption();
        var config = ConfigOption();
        var verify = new Command("verify", "Verify the audit hash chain: prints OK (exit 0) or the first broken record and why (exit 1).") { dataDir, config };
        verify.SetAction(result =>
        {
            var (options, directory) = Load(result.GetValue(config), null, result.GetValue(dataDir));
            var full = Path.GetFullPath(Path.Combine(directory, options.DataDir));
            if (!Directory.Exists(full))
            {
                throw new CliException($"{full}: no such data directory (pass --data-dir)");
            }

            var verification = FileAuditSink.Verify(full);
            Console.WriteLine(verification.Message);
            return verification.Ok ? CliRunner.Ok : CliRunner.Failed;
        });
        command.Subcommands.Add(verify);
        return command;
    }

    private static (AeonNovaOptions Options, string Directory) Load(string? configPath, string? urls, string? dataDir)
    {
        var path = Path.GetFullPath(configPath ?? ConfigLoader.DefaultFileName);
        if (configPath is not null && !File.Exists(path))
        {
            throw new CliException($"--config {path}: no such file");
        }
        AeonNovaOptions options;
        try
        {
            options = ConfigLoader.Load(path, (IDictionary)Environment.GetEnvironmentVariables());
        }
        catch (ConfigException ex)
        {
            throw new CliException(ex.Message);
        }
        options = options with
        {
            Urls = urls ?? options.Urls,
            DataDir = dataDir is null ? options.DataDir : Path.GetFullPath(dataDir),
        };
        return (options, Path.GetDirectoryName(path)!);
    }

    private static SqliteEngineStore Store(string? configPath, string? dataDir)
    {
        var (options, directory) = Load(configPath, null, dataDir);
        var full = Path.Combine(directory, options.DataDir);
        if (!File.Exists(Path.Combine(full, "aeonnova.db")))
        {
            throw new CliException($"{full}: no AeonNova data here (run 'aeonnova serve' first, or pass --data-dir)");
        }
        return new SqliteEngineStore(new SqliteDatabase(full, options.Storage));
    }
}
