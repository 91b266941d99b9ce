namespace AeonNova.Analysis.Planning.Intents;

/// <summary>
/// The technology catalogue. On equal evidence the earlier entry wins, so the specific comes before the general
/// (an IIS application pool before IIS, a Kubernetes node before Kubernetes).
/// </summary>
public static class TechnologyRules
{
    public static readonly IReadOnlyList<TechnologyRule> All =
    [
        // CloudWatch names the service in the namespace (AWS/RDS → "aws rds"); EC2 and the CloudWatch agent (CWAgent) run on hosts.
        new("aws-managed", @"aws (?:rds|sqs|sns|application elb|network elb|elb|elasti ?cache|dynamo ?db|lambda|api gateway|amazon mq|es|open search|kafka|kinesis|efs|ecs)",
            null, hostRunbooks: false, managed: true),
        // A unit's state as systemd reports it: the unit label names the service, the generic systemd runbook fits.
        new("systemd", @"systemd|systemd (?:unit|service)|unit failed|failed units?", @"node_systemd_unit_state|systemd\.unit", os: OsHint.Linux),
        new("iis-app-pool", @"app ?pools?|application pools?|apppool\w*|web app pool", @"app_pool|apppool", os: OsHint.Windows, refines: "iis"),
        new("iis", @"iis|w3svc|world wide web publishing(?: service)?|w3wp", @"windows_iis_|iis\.", windowsService: "W3SVC", os: OsHint.Windows),
        new("mssql", @"sql server|mssql\w*|sqlserver", @"mssql_|sqlserver\.", windowsService: "MSSQLSERVER", os: OsHint.Windows),
        new("node-exporter", @"node exporter|node_exporter|prometheus node exporter", @"node_exporter_build_info", linuxUnit: "node_exporter", isAgent: true, agentPort: 9100, os: OsHint.Linux),
        new("windows-exporter", @"windows exporter|wmi exporter", @"windows_exporter_", windowsService: "windows_exporter", isAgent: true, agentPort: 9182, os: OsHint.Windows),
        new("zabbix-agent", @"zabbix agent ?2?|zabbix_agentd?", @"zabbix\[host,agent|agent\.ping", linuxUnit: "zabbix-agent", windowsService: "Zabbix Agent", isAgent: true, agentPort: 10050),
        new("datadog-agent", @"datadog agent|dd agent|datadog\w* agent", @"datadog\.agent", linuxUnit: "datadog-agent", windowsService: "datadogagent", isAgent: true),
        new("nginx", @"nginx", @"(?<![\w.])nginx_|nginx\.", linuxUnit: "nginx", os: OsHint.Linux),
        new("apache", @"apache(?! tomcat| kafka| cassandra| spark| flink| zoo ?keeper| solr| active ?mq| hadoop| storm| ignite| camel| pulsar| airflow| nifi) ?2?|httpd", @"(?<![\w.])apache_|apache\.", linuxUnit: "apache2", os: OsHint.Linux),
        new("haproxy", @"haproxy|ha proxy", @"(?<![\w.])haproxy_|haproxy\.", linuxUnit: "haproxy", os: OsHint.Linux),
        new("mysql", @"mysql|mysqld|mariadb|maria db|my sql", @"(?<![\w.])mysql_|mysql\.", linuxUnit: "mysql", os: OsHint.Linux, refines: "database"),
        new("postgresql", @"postgres|postgresql|postgre sql|pgsql|pg bouncer|pgbouncer", @"(?<![\w.])pg_|postgresql\.|postgres_", linuxUnit: "postgresql", os: OsHint.Linux, refines: "database"),
        new("redis", @"redis|redis server", @"(?<![\w.])redis_|redis\.", linuxUnit: "redis-server", os: OsHint.Linux, refines: "database"),
        new("mongodb", @"mongo|mongodb|mongod", @"(?<![\w.])mongodb_|mongodb\.", linuxUnit: "mongod", os: OsHint.Linux, refines: "database"),
        new("elasticsearch", @"elasticsearch|elastic search|opensearch|open search", @"(?<![\w.])elasticsearch_|elasticsearch\.", linuxUnit: "elasticsearch", os: OsHint.Linux),
        new("rabbitmq", @"rabbitmq|rabbit mq|rabbit", @"(?<![\w.])rabbitmq_|rabbitmq\.", linuxUnit: "rabbitmq-server", os: OsHint.Linux),
        new("kubernetes-node", @"kubernetes node|kube node|k8s node|node not ready|kubelet|node (?:memory|disk|pid) pressure", @"kube_node_|kubelet_", hostRunbooks: false, refines: "kubernetes"),
        new("kubernetes", @"kubernetes|kube|k8s|pod|pods|deployment|statefulset|daemonset|replicaset|crash loop back ?off|kubectl", @"kube_|kubernetes\.", hostRunbooks: false),
        new("docker", @"docker|containers?|cadvisor", @"(?<![\w.])container_|docker\.", linuxUnit: "docker", os: OsHint.Linux),
        // A database of unnamed kind ("Orders Database", db-primary-2): runbooks written for several engines apply.
        new("database", @"database|databases|db|rdbms", null),
    ];

    private static readonly Dictionary<string, TechnologyRule> ByKey = All.ToDictionary(r => r.Key, StringComparer.Ordinal);

    public static IEnumerable<string> Keys => All.Select(r => r.Key);

    public static bool IsKnown(string key) => ByKey.ContainsKey(key);

    public static TechnologyRule? Find(string key) => ByKey.GetValueOrDefault(key);
}
