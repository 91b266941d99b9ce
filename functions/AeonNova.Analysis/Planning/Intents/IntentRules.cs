namespace AeonNova.Analysis.Planning.Intents;

/// <summary>
/// The intent catalogue. Order matters only for ties (an equal score goes to the earlier rule): informational
/// events before the failures they mention, a silent agent before a down service, inodes before disk space.
/// Words are written for normalised text (lower case, camelCase split): "HostOutOfDiskSpace" reads "host out of disk space".
/// </summary>
public static class IntentRules
{
    public static readonly IReadOnlyList<IntentRule> All =
    [
        new("informational", "An event that needs no fix: a restart, reboot or recovery already happened.",
            @"(?:has|have|was|were) (?:just )?(?:been )?(?:re)?(?:started|booted)|(?:just )?(?:restarted|rebooted)(?! \d+ times)(?! too)|recovered|back (?:up|online)|resolved|uptime (?:is )?(?:low|below|less|reset)|host reboot(?:ed)?|system (?:was )?rebooted|\w+ restart(?= $)",
            @"(?:_uptime\w*|start_time_seconds|boot_time_seconds)\b[^\n]*<|time\(\) - \w*(?:start|boot)_time",
            ["MysqlRestarted", "PostgresqlRestarted", "ApacheRestart", "Host has been rebooted", "[Recovered] CPU high"], informational: true),
        new("agent-silent", "The monitoring agent or exporter stopped reporting: the host may be fine.",
            @"(?:agent|exporter|collector)(?: service)?(?: is| has| went)? (?:down|offline|not (?:available|running|reporting|responding)|unavailable|unreachable|stopped|silent|missing|disappeared)|targets? (?:is |are )?(?:down|missing|unreachable)|target missing|no data|not reporting|no heartbeat|(?:lost|missing) heartbeat|heartbeat (?:lost|missing|failed)|agent unreachable|nodata",
            @"(?<![\w.])up\s*(?:==|<|!=)\s*[01]\b|absent\(up|datadog\.agent\.up|agent\.ping|zabbix\[host,agent,available\]|agent\.available",
            ["PrometheusTargetMissing", "Zabbix agent is not available (for 3m)", "Datadog agent is not reporting", "node_exporter down"]),
        new("crashloop", "A process or container keeps restarting.",
            @"crash ?loop(?:ing)?|crash loop back ?off|restart(?:ing)? loop|restarting|keeps restarting|too many restarts|restarts? (?:count|total|too often)|restarted \d+ times|flapping|back ?off",
            @"restarts_total|restart_count|kube_pod_container_status_restarts|container_restart",
            ["KubernetesPodCrashLooping", "KubePodCrashLooping", "Container checkout is restarting", "Docker container restarting"]),
        new("down", "A service, unit, process or node is not running.",
            @"(?<!slowing )down|not running|is stopped|has stopped|stopped|unreachable|unavailable|not available|dead(?! locks?| tuples?| letters?| rows?)|inactive|failed state|entered failed|(?:service|unit|process) (?:has )?(?:failed|crashed)|crashed|killed|disappeared|not responding|no longer running|not ready|offline|absent|is not ok|state is not ok|probe failed|cannot connect|connection refused|is failed|not started|missing master",
            @"(?<![\w.])[a-z][a-z0-9]*_up\s*(?:==|<|!=)\s*[01]|node_systemd_unit_state|windows_service_(?:status|state)|probe_success\s*==\s*0|container_last_seen|kube_node_status_condition\{[^}]*Ready|proc\.num|procstat|service_state|service\.info|systemd\.unit",
            ["NginxDown", "MysqlDown", "HostSystemdServiceCrashed", "RedisDown", "KubernetesNodeNotReady", "IIS W3SVC service is not running", "ContainerKilled"]),
        new("certificate", "A TLS certificate expires soon or has expired.",
            @"certificate|cert(?:s)? (?:expir\w*|will expire|renew\w*)|ssl (?:cert\w*|expir\w*)|tls (?:cert\w*|expir\w*)|x509|expir\w* (?:ssl|tls|cert\w*)|days? (?:until|to) expir\w*",
            @"cert\w*expir|ssl_earliest_cert_expiry|x509_cert|tls\.days_left|ssl\.days_left|not_after",
            ["BlackboxSslCertificateWillExpireSoon", "SSLCertExpiringSoon", "SSL certificate for shop.example.com expires in 5 days"]),
        new("inodes", "A filesystem runs out of inodes.",
            @"inodes?|inode usage|files? (?:free|left)",
            @"files_free|inode|fs\.inode|vfs\.fs\.inode",
            ["HostOutOfInodes", "HostInodesMayFillIn24Hours", "Free inodes are less than 10% on /srv"]),
        new("log-growth", "Log files grow too fast or too large.",
            @"log (?:file|files|directory|dir|size|volume|growth)(?: [a-z0-9]+){0,4} (?:is |are )?(?:too |very )?(?:large|big|grow\w*|huge|full)|logs? (?:are |is )?grow\w*|log growth|log file size|large log files?",
            null,
            ["Log files growing fast", "Log directory /var/log/app is too large"]),
        new("disk-space", "A filesystem or volume is running out of space.",
            @"disk (?:space|usage|full|is full|almost full|will fill|may fill|fill\w*|util\w*)|out of (?:disk )?space|disk space|filesystem (?:space|usage|full|almost full|out of space|is full|will fill|may fill)|file ?system (?:space|usage)|free (?:disk )?space|low (?:disk|free) space|space is (?:critically |very |running )?low|space (?:critically )?low|volume (?:usage|full|out of space|space)|storage (?:full|space|usage)|logical disk|no space left|space (?:is )?low|space usage|used space|diskspace|drive [a-z] (?:free|space|usage|full|is)|fs used|space utilization|out of disk",
            @"filesystem_(?:avail|free|size)|logical_disk_free|system\.disk\.(?:in_use|free|used)|disk_used_percent|FreeStorageSpace|vfs\.fs\.(?:size|dependent\.size)|disk\.in_use|kubelet_volume_stats_available|LogicalDisk|% Free Space|pused|pfree",
            ["HostOutOfDiskSpace", "HostDiskMayFillIn24Hours", "WindowsServerDiskSpaceUsage", "Disk C: free space below 5%", "ElasticsearchDiskOutOfSpace"]),
        new("memory", "Memory, swap or heap is exhausted (or the OOM killer fired).",
            @"memory|ram|oom|out of memory|oom kill\w*|swap|heap|maxmemory|mem (?:used|usage|high)|memory pressure|commit charge|available memory",
            @"memory|MemAvailable|mem\.used|mem\.pct|pgmajfault|oom_kill|swap|heap|vm\.memory",
            ["HostOutOfMemory", "HostOomKillDetected", "RedisOutOfConfiguredMaxmemory", "WindowsServerMemoryUsage", "ElasticsearchHeapUsageTooHigh"]),
        new("cpu", "CPU saturation or load.",
            @"cpu|processor|load average|high load|cpu load|load (?:is )?(?:high|too high)|system load|steal|iowait",
            @"cpu|load1|load5|load15|processor",
            ["HostHighCpuLoad", "WindowsServerCpuUsage", "High CPU utilization (over 90% for 5m)", "web-prod-cpu-high"]),
        new("connections", "A connection, session or client limit is nearly used up.",
            @"(?:too many|max|high|maximum|exhausted|saturated|running out of|not enough) (?:\w+ )?(?:connections?|clients|sessions)|connections? (?:limit|saturat\w*|exhaust\w*|usage|pool|count|high|above|near|at)|max connections|max_connections|connection slots|threads connected|rejected connections|sessions? (?:limit|above)",
            @"max_connections|threads_connected|connected_clients|stat_activity_count|connections\{|current_sessions|rejected_connections|connections\.(?:current|active)|DatabaseConnections",
            ["MysqlTooManyConnections(>80%)", "PostgresqlTooManyConnections", "RedisTooManyConnections", "PostgreSQL connections at 95% of max_connections"]),
        new("replication", "A replica lags behind or replication stopped.",
            @"replication|replica(?:s)? (?:lag|behind|broken|delay)|slave (?:lag|io|sql|behind|delay)|lag(?:ging)? behind|seconds behind|replica lag|replication lag|oplog",
            @"seconds_behind_master|replication_lag|replica_lag|slave_status|replication_delay|ReplicaLag|rs_members_optime|pg_replication|connected_slaves",
            ["MysqlSlaveReplicationLag", "PostgresqlReplicationLag", "MongodbReplicationLag", "Replication lag above 300 s on db-primary-2"]),
        new("clock", "The system clock drifts or time synchronisation stopped.",
            @"clock|time (?:sync\w*|drift|offset|skew|is out of sync|service)|ntp|chrony|timesyncd|w32 ?time|windows time|time synchroni[sz]\w*|system time|time source|time difference",
            @"timex_|ntp|clock|time_offset|chrony|system\.localtime|windows_time",
            ["HostClockSkew", "HostClockNotSynchronising", "NodeClockSkewDetected", "System time is out of sync"]),
        new("dns", "Name resolution fails.",
            @"dns|name resolution|resolv\w*|nxdomain|servfail|lookup (?:fail\w*|error)|cannot resolve|could not resolve",
            @"dns|probe_dns|coredns",
            ["DNS resolution failing for api.example.com", "CoreDNS errors", "Cannot resolve db.internal"]),
        new("queue", "A queue's backlog grows: consumers are missing or slow.",
            @"queue|backlog|messages? (?:ready|pending|unacked|waiting|backlog|visible)|approximate number of messages\w*|consumer (?:lag|missing|count)|no consumers|unacked|dead letter",
            @"queue|messages_ready|ApproximateNumberOfMessages|consumer_lag|kafka_consumergroup_lag",
            ["RabbitmqTooManyMessagesInQueue", "Queue orders backlog above 10000", "SQS ApproximateNumberOfMessagesVisible high"]),
        new("errors", "A service answers with errors (HTTP 5xx, failed requests, exceptions).",
            @"\w*5xx\w*|\w*4xx\w*|50[0234]|error rate|errors?|bad gateway|gateway timeout|http failure|failed requests|request failures|exceptions?|failure rate",
            @"5xx|status=~\W5|code=\W5|http_responses_total|requests_failed|errors_total|error_rate|HTTPCode_\w+_5XX|_errors",
            ["NginxHighHttp5xxErrorRate", "HaproxyHighHttp5xxErrorRateBackend", "Apache 5xx error rate above 5%"]),
        new("latency", "A service answers slowly.",
            @"latency|slow\w*|response time|slow queries|duration (?:high|above)|took too long|timeouts?",
            @"latency|duration_seconds|response_time|slow_queries|TargetResponseTime",
            ["HostUnusualDiskReadLatency", "BlackboxSlowProbe", "MysqlSlowQueries", "NginxLatencyHigh"]),
    ];

    private static readonly Dictionary<string, IntentRule> ByKey = All.ToDictionary(r => r.Key, StringComparer.Ordinal);

    public static IEnumerable<string> Keys => All.Select(r => r.Key);

    public static bool IsKnown(string key) => ByKey.ContainsKey(key);

    public static IntentRule? Find(string key) => ByKey.GetValueOrDefault(key);
}
