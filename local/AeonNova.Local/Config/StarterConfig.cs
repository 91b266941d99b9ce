namespace AeonNova.Local.Config;

/// <summary>The commented file `aeonnova init` writes: every setting with its default and why you might change it.</summary>
public static class StarterConfig
{
    public const string Text = """
        // aeonnova.json: configuration for `aeonnova serve`. Comments and trailing commas are allowed.
        // Every setting can be overridden from the environment: AEONNOVA__QUEUE__MAXATTEMPTS=3,
        // AEONNOVA__SOURCES__DATADOG__SECRETS__0=... (double underscore = one level; array items by index).
        {
          // Where Kestrel listens. Keep it on loopback and put a reverse proxy with TLS in front for real webhooks.
          "urls": "http://127.0.0.1:5080",
          // SQLite database (WAL), approval-email outbox and audit files.
          "dataDir": ".aeonnova",
          // Base URL used in approval links; empty = the "urls" value.
          "publicBaseUrl": "",

          // Webhook sources. A known source that is not listed here accepts posts without authentication
          // (fine on loopback). auth: none | bearer | basic | header | pagerduty | grafana; several secrets allow rotation.
          "sources": {
            "alertmanager": { "auth": "none" },
            // "datadog": { "auth": "header", "header": "DD-API-KEY", "secrets": ["change-me"] },
            // "pagerduty": { "auth": "pagerduty", "secrets": ["change-me"] },
            // "grafana": { "auth": "bearer", "secrets": ["change-me"] },
            // "zabbix": { "enabled": false },                      // answers 404
          },

          // Field mappings for in-house tools (SuperOps, …): each source named in the file becomes /alerts/<name>.
          "mappingFile": "",

          // Re-sends of the same alert (same fingerprint) within this window join the first alert's execution.
          "dedupe": { "cooldownSeconds": 900 },

          // Durable ingest queue: lease, retries, then the dead-letter table (shown at /ui/dead-letters).
          // deferToAcceptsMilliseconds: while webhooks are being accepted the consumer waits up to this long
          // before each queued alert, so senders get their 202 first (0 = never wait).
          "queue": { "leaseSeconds": 60, "maxAttempts": 5, "pollMilliseconds": 50, "batchSize": 32, "deferToAcceptsMilliseconds": 100 },

          // "normal" survives a crash of the process (a 202 is only sent after the commit); "full" also survives
          // power loss (one fsync per commit; accepts arriving together share one commit).
          "storage": { "synchronous": "normal" },

          // Who runs approved scripts, first matching host pattern wins. Hosts matching nothing use dry-run:
          // the script is recorded, not run. "local" must name its hosts explicitly.
          "executors": [
            // { "hosts": "localhost", "type": "local", "timeoutSeconds": 120, "outputLimitBytes": 65536, "sandbox": "auto" },
            // { "hosts": "web-*", "type": "ssh", "user": "ops", "keyFile": "/etc/aeonnova/id_ed25519",
            //   "knownHostsFile": "/etc/aeonnova/known_hosts", "port": 22, "shell": "bash" },
            // { "hosts": "win-*", "type": "ssh", "user": "Administrator", "keyFile": "/etc/aeonnova/id_ed25519",
            //   "knownHostsFile": "/etc/aeonnova/known_hosts", "shell": "powershell" },
          ],

          // Empty endpoint = the built-in runbook planner. Any OpenAI-compatible endpoint works (e.g. Ollama).
          "model": { "endpoint": "", "model": "", "apiKeyEnv": "" },
          // "model": { "endpoint": "http://127.0.0.1:11434/v1", "model": "llama3.1", "apiKeyEnv": "" },

          // Who may approve what, escalation tiers and response times (see config/approval-policy.json).
          "approvalPolicyFile": "",

          "workflow": {
            // Empty = statemachines/remediation.asl.json from the checkout (or the copy next to the binary).
            "definition": "",
            // How long an approval waits before it escalates, by severity (seconds).
            "approvalTimeoutSeconds": { "critical": 900, "high": 1800, "medium": 7200, "low": 86400, "info": 86400 },
          },
        }

        """;
}
