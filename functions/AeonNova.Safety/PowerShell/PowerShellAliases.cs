using System.Collections.Frozen;

namespace AeonNova.Safety.PowerShell;

/// <summary>Built-in PowerShell aliases (Windows PowerShell and pwsh), resolved to cmdlet names in lower case.</summary>
internal static class PowerShellAliases
{
    public static readonly FrozenDictionary<string, string> BuiltIn = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["iex"] = "invoke-expression", ["irm"] = "invoke-restmethod", ["iwr"] = "invoke-webrequest", ["curl"] = "invoke-webrequest",
        ["wget"] = "invoke-webrequest", ["rd"] = "remove-item", ["rmdir"] = "remove-item", ["del"] = "remove-item",
        ["erase"] = "remove-item", ["rm"] = "remove-item", ["ri"] = "remove-item", ["gci"] = "get-childitem",
        ["ls"] = "get-childitem", ["dir"] = "get-childitem", ["cat"] = "get-content", ["gc"] = "get-content",
        ["type"] = "get-content", ["sc"] = "set-content", ["ac"] = "add-content", ["clc"] = "clear-content",
        ["sal"] = "set-alias", ["nal"] = "new-alias", ["saps"] = "start-process", ["start"] = "start-process",
        ["spps"] = "stop-process", ["kill"] = "stop-process", ["gsv"] = "get-service", ["sasv"] = "start-service",
        ["spsv"] = "stop-service", ["gps"] = "get-process", ["ps"] = "get-process", ["echo"] = "write-output",
        ["write"] = "write-output", ["cp"] = "copy-item", ["copy"] = "copy-item", ["cpi"] = "copy-item",
        ["mv"] = "move-item", ["move"] = "move-item", ["mi"] = "move-item", ["ni"] = "new-item", ["md"] = "new-item",
        ["mkdir"] = "new-item", ["sl"] = "set-location", ["cd"] = "set-location", ["chdir"] = "set-location",
        ["gl"] = "get-location", ["pwd"] = "get-location", ["icm"] = "invoke-command", ["etsn"] = "enter-pssession",
        ["nsn"] = "new-pssession", ["iwmi"] = "invoke-wmimethod", ["gwmi"] = "get-wmiobject", ["rwmi"] = "remove-wmiobject",
        ["swmi"] = "set-wmiinstance", ["gcim"] = "get-ciminstance", ["rcim"] = "remove-ciminstance", ["icim"] = "invoke-cimmethod",
        ["ii"] = "invoke-item", ["sv"] = "set-variable", ["set"] = "set-variable", ["gv"] = "get-variable",
        ["%"] = "foreach-object", ["foreach"] = "foreach-object", ["?"] = "where-object", ["where"] = "where-object",
        ["select"] = "select-object", ["sort"] = "sort-object", ["measure"] = "measure-object", ["fl"] = "format-list",
        ["ft"] = "format-table", ["fw"] = "format-wide", ["tee"] = "tee-object", ["h"] = "get-history", ["history"] = "get-history",
        ["ghy"] = "get-history", ["clhy"] = "clear-history", ["r"] = "invoke-history", ["ihy"] = "invoke-history",
        ["ipmo"] = "import-module", ["sajb"] = "start-job", ["rjb"] = "remove-job", ["ogv"] = "out-gridview",
        ["oh"] = "out-host", ["rni"] = "rename-item", ["ren"] = "rename-item", ["rp"] = "remove-itemproperty",
        ["sp"] = "set-itemproperty", ["gp"] = "get-itemproperty", ["cls"] = "clear-host", ["clear"] = "clear-host",
        ["compare"] = "compare-object", ["diff"] = "compare-object", ["group"] = "group-object", ["gm"] = "get-member",
        ["gi"] = "get-item", ["si"] = "set-item", ["cli"] = "clear-item", ["gal"] = "get-alias", ["gcm"] = "get-command",
        ["gdr"] = "get-psdrive", ["gjb"] = "get-job", ["wjb"] = "wait-job", ["rcjb"] = "receive-job", ["spjb"] = "stop-job",
        ["gmo"] = "get-module", ["rmo"] = "remove-module", ["epcsv"] = "export-csv", ["ipcsv"] = "import-csv",
        ["sleep"] = "start-sleep", ["ogv"] = "out-gridview", ["iwmi"] = "invoke-wmimethod", ["scb"] = "set-clipboard",
        ["gcb"] = "get-clipboard", ["npssc"] = "new-pssessionconfigurationfile", ["exsn"] = "exit-pssession",
        ["rsn"] = "remove-pssession", ["gsn"] = "get-pssession", ["shcm"] = "show-command", ["ise"] = "powershell_ise",
        ["popd"] = "pop-location", ["pushd"] = "push-location", ["rv"] = "remove-variable", ["clv"] = "clear-variable",
        ["nv"] = "new-variable", ["epal"] = "export-alias", ["ipal"] = "import-alias", ["dbp"] = "disable-psbreakpoint",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    /// <summary>Verbs whose cmdlets only read or format data.</summary>
    public static readonly FrozenSet<string> ReadOnlyVerbs = new[]
    {
        "get", "test", "measure", "select", "format", "convertto", "convertfrom", "compare", "group", "sort", "where", "resolve",
        "wait", "write", "join", "split", "find", "show", "read", "search", "trace", "debug", "foreach", "receive", "confirm",
        "out", "import", "export", "push", "pop", "use", "tee",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The allow table for read-only verbs: a Get-/Export-/Test-… cmdlet is trusted only when it is known here (the
    /// in-box modules and the AWS/Azure tools a runbook uses), or its noun starts with a known module prefix. A
    /// cmdlet from an unknown module can do anything whatever its verb says.
    /// </summary>
    public static readonly FrozenSet<string> KnownReadOnly = new[]
    {
        // Microsoft.PowerShell.Core / Management / Utility / Security / Diagnostics
        "get-childitem", "get-item", "get-itemproperty", "get-itempropertyvalue", "get-content", "get-location", "get-psdrive",
        "get-psprovider", "get-process", "get-service", "get-date", "get-random", "get-member", "get-command", "get-module",
        "get-help", "get-host", "get-variable", "get-alias", "get-job", "get-history", "get-culture", "get-uiculture",
        "get-eventlog", "get-winevent", "get-counter", "get-hotfix", "get-computerinfo", "get-timezone", "get-acl",
        "get-authenticodesignature", "get-filehash", "get-uptime", "get-error", "get-executionpolicy", "get-psreadlineoption",
        "get-credential", "get-unique", "get-tracesource", "get-pssession", "get-psbreakpoint", "get-pscallstack", "get-typedata",
        "get-formatdata", "get-verb", "get-ciminstance", "get-cimclass", "get-cimassociatedinstance", "get-wmiobject", "get-clipboard",
        "get-markdownoption", "get-secureboot", "get-secret", "test-path", "test-connection", "test-netconnection", "test-json",
        "test-wsman", "test-modulemanifest", "test-computersecurechannel", "measure-object", "measure-command", "select-object",
        "select-string", "select-xml", "format-table", "format-list", "format-wide", "format-custom", "format-hex", "convertto-json",
        "convertfrom-json", "convertto-csv", "convertfrom-csv", "convertto-html", "convertto-xml", "convertfrom-stringdata",
        "convertfrom-securestring", "convertto-securestring", "compare-object", "group-object", "sort-object", "where-object",
        "foreach-object", "tee-object", "resolve-path", "resolve-dnsname", "wait-process", "wait-job", "wait-event", "write-output",
        "write-host", "write-verbose", "write-warning", "write-error", "write-debug", "write-information", "write-progress",
        "join-path", "split-path", "receive-job", "out-string", "out-null", "out-host", "out-default", "out-gridview", "import-csv",
        "import-clixml", "import-module", "import-localizeddata", "import-powershelldatafile", "export-csv", "export-clixml",
        "push-location", "pop-location", "read-host", "show-command", "find-module", "find-package", "confirm-securebootuefi",
        "debug-process", "trace-command", "use-transaction", "get-filesystemacl",
        // NetTCPIP, NetAdapter, NetSecurity, DnsClient, SmbShare, Storage, ScheduledTasks, Defender, IIS, Hyper-V, AD, LocalAccounts
        "get-nettcpconnection", "get-netudpendpoint", "get-netipaddress", "get-netipconfiguration", "get-netroute", "get-netadapter",
        "get-netadapterstatistics", "get-netfirewallprofile", "get-netfirewallrule", "get-netconnectionprofile", "get-netneighbor",
        "get-dnsclientserveraddress", "get-dnsclientcache", "get-smbshare", "get-smbconnection", "get-smbsession", "get-volume",
        "get-disk", "get-partition", "get-physicaldisk", "get-storagepool", "get-scheduledtask", "get-scheduledtaskinfo",
        "get-mpcomputerstatus", "get-mpthreat", "get-mpthreatdetection", "get-mppreference", "get-website", "get-webapppoolstate",
        "get-webbinding", "get-iissite", "get-iisapppool", "get-webconfiguration", "get-webconfigurationproperty", "get-vm",
        "get-vmswitch", "get-localuser", "get-localgroup", "get-localgroupmember", "get-aduser", "get-adcomputer", "get-adgroup",
        "get-adgroupmember", "get-addomain", "get-windowsfeature", "get-windowsoptionalfeature", "get-package", "get-installedmodule",
        "get-clusternode", "get-clusterresource", "get-clustergroup", "get-printer", "get-printjob", "get-bitlockervolume",
        "get-tpm", "get-appxpackage", "get-windowsupdatelog", "get-dnsserverzone", "get-dhcpserverv4scope",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Nouns of the AWS and Azure tools: their Get-/Test- cmdlets only read.</summary>
    public static readonly string[] KnownReadOnlyNounPrefixes =
    [
        "ec2", "s3", "cw", "cwl", "ssm", "ecs", "eks", "elb", "elb2", "rds", "ddb", "lm", "asa", "as", "cfn", "r53", "sqs", "sns",
        "az", "azure", "defaultawsregion", "awscredential", "iis", "web", "dsc",
    ];

    /// <summary>Cmdlets outside the read-only verbs that only touch session state.</summary>
    public static readonly FrozenSet<string> Harmless = new[]
    {
        "set-location", "set-strictmode", "set-variable", "new-variable", "remove-variable", "clear-variable", "start-sleep",
        "new-timespan", "new-guid", "add-member", "clear-host", "start-transcript", "stop-transcript", "start-job",
        "remove-job", "stop-job", "new-pscredential", "convertto-securestring", "register-argumentcompleter", "update-typedata",
        "update-formatdata", "add-history", "set-psdebug", "new-psdrive", "remove-psdrive", "set-date", "new-object",
        "start-mpscan", "update-mpsignature", "exit-pssession", "remove-pssession", "set-culture", "update-help",
        "out-null", "out-string", "out-host", "out-default", "out-gridview", "set-clipboard", "remove-module",
        "new-event", "unregister-event", "register-engineevent", "enable-psremoting", "set-item",
        "powershell_ise", "new-psobject", "new-pssessionoption", "new-cimsessionoption", "new-webserviceproxy",
    }.ToFrozenSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>Parameter names that never take a value.</summary>
    public static readonly FrozenSet<string> Switches = new[]
    {
        "recurse", "force", "wait", "passthru", "nonewwindow", "verbose", "whatif", "confirm", "usebasicparsing", "noprofile",
        "asjob", "append", "raw", "all", "debug", "quiet", "list", "asplaintext", "async", "noninteractive", "includeall",
        "skipcertificatecheck", "allowclobber", "scope", "noclobber", "literal", "erroraction", "asstring", "unique", "descending",
        "disablekeepalive", "nonewline", "nologo", "forcerestart", "hidden", "enablenetworkaccess", "usessl", "runasadministrator",
    }.Where(s => s is not ("scope" or "erroraction")).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
}
