using System.Management.Automation.Language;
using AeonNova.Safety.Analysis;

namespace AeonNova.Safety.PowerShell;

internal sealed partial class PowerShellAnalyzer
{
    private static readonly string[] CriticalProcesses = ["lsass", "csrss", "wininit", "winlogon", "smss", "services", "system", "svchost"];

    private void AnalyzeCmdlet(string name, CommandAst command, Bound b, SourceSpan at, Flow? stdin)
    {
        Ast? P(int index) => index < b.Positional.Count ? b.Positional[index] : null;
        Ast? Path() => b.Get("path", "literalpath", "pspath", "lp", "fullname") ?? P(0);
        string Text(Ast? ast) => ArgOf(ast).Text;
        string Lower(Ast? ast) => Text(ast).ToLowerInvariant();
        var all = command.Extent.Text.ToLowerInvariant();
        switch (name)
        {
            case "invoke-expression":
                Eval(b.Get("command") ?? P(0), stdin, at);
                return;
            case "invoke-command":
                var computer = b.Get("computername", "cn", "session", "hostname", "vmname", "containerid", "uri", "connectionuri");
                if (computer is not null && !IsLocalComputer(computer))
                {
                    _sink.Add("lateral.remote-exec", at, "Invoke-Command on " + Text(computer));
                }
                if (b.Get("filepath") is { } script)
                {
                    _rules.RunPathCommand(Text(script), at);
                }
                if (b.Get("scriptblock") is null && P(0) is ExpressionAst expression and not ScriptBlockExpressionAst)
                {
                    Eval(expression, null, at);
                }
                return;
            case "enter-pssession" or "new-pssession" or "new-cimsession" or "connect-pssession" or "invoke-wmimethod" or "invoke-cimmethod" when b.Get("computername", "cn", "hostname", "session", "cimsession") is { } host && !IsLocalComputer(host):
                if (name is "invoke-wmimethod" or "invoke-cimmethod" && all.Contains("create", StringComparison.Ordinal))
                {
                    _sink.Add("lateral.psexec", at, "remote process creation over WMI");
                    return;
                }
                _sink.Add("lateral.remote-exec", at, name);
                return;
            case "enter-pssession" or "new-pssession" or "new-cimsession" or "connect-pssession":
                return;
            case "invoke-wmimethod" or "invoke-cimmethod":
                _sink.Add(all.Contains("win32_process", StringComparison.Ordinal) && all.Contains("create", StringComparison.Ordinal) ? "exec.lolbin-proxy"
                    : all.Contains("win32_shadowcopy", StringComparison.Ordinal) ? "data.shadow-copy-delete" : "unknown.command", at, name);
                return;
            case "invoke-webrequest" or "invoke-restmethod" or "start-bitstransfer":
                WebRequest(name, b, at);
                return;
            case "start-process":
                StartProcess(b.Get("filepath") ?? P(0), b.Get("argumentlist", "args") ?? P(1), at);
                return;
            case "invoke-item":
                _rules.RunPathCommand(Text(Path()), at);
                return;
            case "remove-item" or "remove-itemproperty" when Lower(Path()).StartsWith("hk", StringComparison.Ordinal) || Lower(Path()).StartsWith("registry::", StringComparison.Ordinal):
                _rules.CheckRegistryWrite(Text(Path()), all, at);
                return;
            case "remove-item":
                var target = Path();
                if (target?.Extent.Text.Contains("HistorySavePath", StringComparison.OrdinalIgnoreCase) == true)
                {
                    _sink.Add("defense.shell-history", at);
                    return;
                }
                if ((target is null && stdin is not null) || IsPipelineItem(target))
                {
                    if (PipelineSourcePath(command) is { } listed)
                    {
                        _rules.CheckDelete(listed, at);
                        return;
                    }
                    _sink.Add("destructive.rm-unresolved-target", at, "paths come from the pipeline");
                    return;
                }
                foreach (var path in ArgsOf(target))
                {
                    _rules.CheckDelete(path, at);
                }
                return;
            case "clear-content":
                foreach (var path in ArgsOf(Path()))
                {
                    _rules.CheckWrite(path, at, truncate: true);
                }
                return;
            case "set-content" or "add-content" or "out-file" or "new-item" or "tee-object" or "export-csv" or "export-clixml" or "set-acl":
                var file = b.Get("filepath", "path", "literalpath") ?? P(0);
                if (name == "new-item" && (Lower(file).StartsWith("hk", StringComparison.Ordinal) || Lower(file).StartsWith("registry::", StringComparison.Ordinal)))
                {
                    _rules.CheckRegistryWrite(Text(file), all, at);
                    return;
                }
                if (file is null)
                {
                    return;
                }
                var fileArg = ArgOf(file);
                if (name == "new-item" && b.Get("name") is { } itemName)
                {
                    fileArg = new Arg(fileArg.Text.TrimEnd('\\', '/') + "/" + Text(itemName), fileArg.Dynamic);
                }
                if (fileArg.Text.Contains("$profile", StringComparison.OrdinalIgnoreCase) || file.Extent.Text.Contains("$PROFILE", StringComparison.OrdinalIgnoreCase))
                {
                    _sink.Add("persistence.shell-profile", at, "$PROFILE");
                    return;
                }
                _rules.CheckWrite(fileArg, at, truncate: name is "set-content" or "out-file" && !b.Has("append"));
                if (!fileArg.Dynamic && (b.Get("value") ?? (name is "set-content" or "add-content" ? P(1) : null)) is { } content && ValueOf(content)?.Text is { } text)
                {
                    _state.RecordWrite(fileArg.Text, text, name == "add-content");
                }
                if (name == "set-acl" || (name == "new-item" && Lower(b.Get("itemtype")) is "symboliclink" or "junction" or "hardlink"))
                {
                    _sink.Add("unknown.command", at, name);
                }
                return;
            case "copy-item" or "move-item" or "rename-item":
                if (b.Has("tosession", "fromsession") || Lower(b.Get("destination") ?? P(1)).StartsWith(@"\\", StringComparison.Ordinal))
                {
                    _sink.Add("lateral.remote-copy", at, name);
                    return;
                }
                var source = ArgOf(Path());
                var sourceNorm = PathRules.Normalize(source.Text);
                if (name != "copy-item" && !source.Dynamic && (PathRules.IsCriticalTarget(sourceNorm) || PathRules.IsSystemBinaryPath(sourceNorm)))
                {
                    _sink.Add("destructive.move-critical-path", at, source.Text);
                }
                var dest = ArgOf(b.Get("destination", "newname") ?? P(1));
                if (!dest.Dynamic && _state.WasDownloaded(source.Text))
                {
                    _state.RecordDownload(dest.Text);
                }
                _rules.CheckWrite(dest, at, truncate: false);
                return;
            case "restart-service" or "start-service" or "resume-service":
                _sink.Add("routine.service-restart", at, $"{name} {Text(b.Get("name", "displayname", "inputobject") ?? P(0))}");
                return;
            case "stop-service" or "suspend-service":
                foreach (var svc in ArgsOf(b.Get("name", "displayname", "inputobject") ?? P(0)))
                {
                    _rules.RunServiceAction(svc.Text, "stop", at, name);
                }
                if (b.Get("name", "displayname", "inputobject") is null && P(0) is null)
                {
                    _sink.Add("service.stop", at, "services from the pipeline");
                }
                return;
            case "set-service":
                var startup = Lower(b.Get("startuptype", "starttype"));
                var status = Lower(b.Get("status"));
                if (startup == "disabled" || status is "stopped" or "paused")
                {
                    _rules.RunServiceAction(Text(b.Get("name") ?? P(0)), startup == "disabled" ? "disable" : "stop", at, name);
                }
                else
                {
                    _sink.Add("routine.service-restart", at, name);
                }
                return;
            case "restart-webapppool" or "start-webapppool" or "restart-webitem" or "start-website" or "start-webitem" or "start-scheduledtask":
                _sink.Add("routine.service-restart", at, name);
                return;
            case "stop-webapppool" or "stop-website" or "stop-webitem" or "unregister-scheduledtask" or "disable-scheduledtask" or "remove-service":
                _sink.Add("service.stop", at, name);
                return;
            case "stop-process":
                var names = b.Get("name", "processname");
                if (names is not null)
                {
                    var list = ArgsOf(names);
                    _sink.Add(list.Any(n => CriticalProcesses.Contains(n.Text.ToLowerInvariant().Replace(".exe", "", StringComparison.Ordinal))) ? "system.kill-critical-process" : "process.kill-broad", at, name);
                }
                else if ((b.Get("id") ?? P(0)) is { } id)
                {
                    var pid = ArgOf(id);
                    _sink.Add(pid.Dynamic ? "process.kill-broad" : pid.Text is "0" or "4" ? "system.kill-critical-process" : "routine.signal-process", at, name);
                }
                else if (command.Parent is PipelineAst { PipelineElements: [CommandAst producer, ..] } && producer != command &&
                    Canonical(producer.GetCommandName() ?? "") == "get-process" && producer.CommandElements.Count == 1 &&
                    !((PipelineAst)command.Parent).PipelineElements.OfType<CommandAst>().Any(c => Canonical(c.GetCommandName() ?? "") is "where-object" or "select-object"))
                {
                    _sink.Add("system.kill-critical-process", at, "stops every process, system ones included");
                }
                else
                {
                    var source2 = command.Parent is PipelineAst pp ? pp.Extent.Text.ToLowerInvariant() : "";
                    _sink.Add(CriticalProcesses.Any(c => source2.Contains(c + " ", StringComparison.Ordinal) || source2.Contains(c + "'", StringComparison.Ordinal) || source2.Contains(c + "\"", StringComparison.Ordinal) || source2.Contains(" " + c + " |", StringComparison.Ordinal)) ? "system.kill-critical-process" : "process.kill-broad", at, "processes from the pipeline");
                }
                return;
            case "stop-computer" or "restart-computer":
                _sink.Add("system.shutdown", at);
                return;
            case "add-type":
                var code = (Text(b.Get("typedefinition", "memberdefinition", "td") ?? P(0)) + " " + all).ToLowerInvariant();
                if (code.Contains("dllimport", StringComparison.Ordinal) || code.Contains("virtualalloc", StringComparison.Ordinal) || code.Contains("createthread", StringComparison.Ordinal) || code.Contains(" extern ", StringComparison.Ordinal) || code.Contains("kernel32", StringComparison.Ordinal))
                {
                    _sink.Add("exec.native-interop", at);
                }
                else if (b.Get("typedefinition", "memberdefinition", "path", "literalpath", "td") is not null || b.Positional.Count > 0 && b.Get("assemblyname", "an") is null)
                {
                    _sink.Add("exec.add-type", at);
                }
                return;
            case "set-mppreference" or "add-mppreference":
                if (b.Named.Keys.Any(k => k.StartsWith("disable", StringComparison.OrdinalIgnoreCase) || k.StartsWith("exclusion", StringComparison.OrdinalIgnoreCase) || k.Equals("MAPSReporting", StringComparison.OrdinalIgnoreCase) || k.Equals("SubmitSamplesConsent", StringComparison.OrdinalIgnoreCase)))
                {
                    _sink.Add("defense.antivirus", at);
                }
                else
                {
                    _sink.Add("unknown.command", at, name);
                }
                return;
            case "set-netfirewallprofile":
                _sink.Add(Lower(b.Get("enabled")) is "false" or "0" ? "defense.firewall" : "system.network-change", at, name);
                return;
            case "new-netfirewallrule" or "set-netfirewallrule" when Lower(b.Get("action")) == "allow" && Lower(b.Get("direction")) != "outbound" &&
                !b.Has("localport", "remoteaddress", "program", "service", "remoteport", "icmptype"):
                _sink.Add("defense.firewall", at, "allows all inbound traffic");
                return;
            case "disable-netfirewallrule" or "new-netfirewallrule" or "remove-netfirewallrule" or "set-netfirewallrule" or "enable-netfirewallrule":
                _sink.Add("system.network-change", at, name);
                return;
            case "remove-smbshare":
                _sink.Add("logs.tamper", at, "removes a share (ATT&CK T1070.005)");
                return;
            case "clear-eventlog" or "remove-eventlog":
                _sink.Add("logs.tamper", at, name);
                return;
            case "limit-eventlog":
                var size = Lower(b.Get("maximumsize"));
                _sink.Add(size.EndsWith("kb", StringComparison.Ordinal) || (size.Length > 0 && size.All(char.IsAsciiDigit) && size.Length < 7) || b.Has("retentiondays") && Lower(b.Get("retentiondays")) is "0" or "1"
                    ? "logs.tamper" : "unknown.command", at, name);
                return;
            case "clear-history":
                _sink.Add("defense.shell-history", at);
                return;
            case "set-psreadlineoption":
                if (Lower(b.Get("historysavestyle")) == "savenothing" || b.Has("historysavepath"))
                {
                    _sink.Add("defense.shell-history", at);
                }
                return;
            case "register-scheduledtask" or "new-scheduledtask" or "new-scheduledtaskaction" or "set-scheduledtask":
                _sink.Add("persistence.scheduled-task", at, name);
                return;
            case "new-scheduledtasktrigger" or "new-scheduledtasksettingsset" or "new-scheduledtaskprincipal":
                return;
            case "new-service":
                _sink.Add("persistence.service-unit", at, name);
                return;
            case "new-localuser":
                _sink.Add("accounts.new-user", at);
                return;
            case "add-localgroupmember" or "add-adgroupmember":
                var group = Text(b.Get("group", "sid", "name", "identity") ?? P(0));
                _sink.Add(CommandSets.AdminGroups.Contains(group) || group.Contains("admin", StringComparison.OrdinalIgnoreCase) || group == "S-1-5-32-544" ? "accounts.admin-group" : "unknown.command", at, group);
                return;
            case "set-localuser" or "set-adaccountpassword":
                _sink.Add(b.Has("password", "newpassword") ? "accounts.password-change" : "unknown.command", at, name);
                return;
            case "remove-localuser" or "disable-localuser" or "remove-aduser" or "disable-adaccount":
                _sink.Add("accounts.delete-user", at);
                return;
            case "enable-localuser":
                _sink.Add(all.Contains("administrator", StringComparison.Ordinal) || all.Contains("guest", StringComparison.Ordinal) ? "accounts.admin-group" : "unknown.command", at, name);
                return;
            case "set-itemproperty" or "new-itemproperty" or "set-item":
                var key = Text(Path());
                if (key.StartsWith("hk", StringComparison.OrdinalIgnoreCase) || key.StartsWith("registry::", StringComparison.OrdinalIgnoreCase))
                {
                    _rules.CheckRegistryWrite(key, all, at);
                }
                else if (name != "set-item")
                {
                    _rules.CheckWrite(ArgOf(Path()), at, truncate: false);
                }
                return;
            case "format-volume" or "clear-disk" or "initialize-disk" or "remove-partition" or "set-disk" or "remove-physicaldisk" or "remove-virtualdisk":
                _sink.Add("disk.filesystem-tool", at, name);
                return;
            case "set-executionpolicy":
                _sink.Add("defense.execution-policy", at, Text(b.Get("executionpolicy") ?? P(0)));
                return;
            case "invoke-sqlcmd":
                var query = b.Get("query", "q");
                _rules.CheckSql(query is null ? (b.Has("inputfile") ? null : null) : ArgOf(query).Text, at, "Invoke-Sqlcmd");
                return;
            case "remove-wmiobject" or "remove-ciminstance":
                var pipelineText = (command.Parent as PipelineAst)?.Extent.Text ?? all;
                _sink.Add(pipelineText.Contains("shadowcopy", StringComparison.OrdinalIgnoreCase) ? "data.shadow-copy-delete" : "service.stop", at, name);
                return;
            case "set-wmiinstance" or "new-ciminstance" or "register-wmievent" or "register-ciminstanceevent":
                _sink.Add(all.Contains("__eventfilter", StringComparison.Ordinal) || all.Contains("eventconsumer", StringComparison.Ordinal) || all.Contains("__filtertoconsumerbinding", StringComparison.Ordinal) || name.StartsWith("register", StringComparison.Ordinal)
                    ? "persistence.wmi-subscription" : "unknown.command", at, name);
                return;
            case "install-module" or "install-package" or "install-script" or "install-windowsfeature" or "add-windowsfeature" or "enable-windowsoptionalfeature" or "add-appxpackage" or "install-psresource" or "update-module" or "add-windowscapability":
                _sink.Add("packages.install", at, name);
                return;
            case "uninstall-windowsfeature" or "remove-windowsfeature" or "disable-windowsoptionalfeature" or "uninstall-module" or "uninstall-package" or "remove-appxpackage" or "remove-windowscapability":
                _sink.Add(all.Contains("defender", StringComparison.Ordinal) ? "defense.antivirus" : all.Contains("openssh", StringComparison.Ordinal) ? "packages.critical-removal" : "packages.remove", at, name);
                return;
            case "disable-netadapter" or "restart-netadapter" or "set-netadapter" or "disable-psremoting":
                _sink.Add("service.stop-access", at, name);
                return;
            case "remove-netroute" or "new-netroute" or "set-dnsclientserveraddress" or "set-netipaddress" or "new-netipaddress" or "remove-netipaddress" or "set-netipinterface" or "set-netconnectionprofile":
                _sink.Add("system.network-change", at, name);
                return;
            case "clear-dnsclientcache" or "clear-arpcache":
                _sink.Add("routine.cache-flush", at);
                return;
            case "clear-recyclebin":
                _sink.Add("routine.log-cleanup", at);
                return;
            case "send-mailmessage":
                _sink.Add(b.Has("attachments") ? "exfil.upload" : "network.download", at, "sends mail");
                return;
            case "compress-archive" or "expand-archive":
                _rules.CheckWrite(ArgOf(b.Get("destinationpath") ?? P(1)), at, truncate: false);
                return;
            case "new-object":
                var typeName = Lower(b.Get("typename") ?? P(0));
                if (typeName.EndsWith("net.sockets.tcpclient", StringComparison.Ordinal))
                {
                    _tcpClient = true;
                    _tcpClientAt = at;
                }
                else if (typeName.EndsWith("net.sockets.tcplistener", StringComparison.Ordinal) || typeName.EndsWith("net.httplistener", StringComparison.Ordinal))
                {
                    _sink.Add("network.tunnel", at, "opens a listener");
                }
                else if (b.Has("comobject") && Lower(b.Get("comobject")) is "wscript.shell" or "shell.application" or "mmc20.application")
                {
                    _sink.Add("exec.lolbin-proxy", at, "COM shell object");
                }
                else if (typeName.Contains("directoryservices", StringComparison.Ordinal) && (typeName.EndsWith("userprincipal", StringComparison.Ordinal) || typeName.EndsWith("directoryentry", StringComparison.Ordinal)))
                {
                    _sink.Add("accounts.new-user", at, "creates an account through DirectoryServices");
                }
                else if (b.Has("comobject") || !DotNetTypes.IsKnownSafe(typeName))
                {
                    _sink.Add("exec.dotnet-member", at, b.Has("comobject") ? "COM object " + Lower(b.Get("comobject")) : "type " + typeName);
                }
                return;
            case "set-alias" or "new-alias":
                var aliasName = Text(b.Get("name") ?? P(0));
                var aliasValue = Text(b.Get("value") ?? P(1));
                if (!aliasName.Contains(Arg.Unknown, StringComparison.Ordinal) && !aliasValue.Contains(Arg.Unknown, StringComparison.Ordinal))
                {
                    _aliases[aliasName] = aliasValue;
                    if (Canonical(aliasValue) is "invoke-expression" or "start-process" or "invoke-webrequest" or "invoke-restmethod" or "remove-item")
                    {
                        _sink.Add("obfuscation.computed-command-name", at, $"alias '{aliasName}' hides {aliasValue}");
                    }
                }
                return;
            case "import-module":
                var module = Text(b.Get("name") ?? P(0));
                if (module.Contains('\\', StringComparison.Ordinal) || module.Contains('/', StringComparison.Ordinal) || module.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase) || module.EndsWith(".psm1", StringComparison.OrdinalIgnoreCase) || module.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
                {
                    _rules.RunPathCommand(module, at);
                }
                return;
            case "out-minidump" or "invoke-mimikatz" or "get-gpppassword" or "invoke-kerberoast" or "get-keystrokes" or "invoke-dcsync":
                _sink.Add("credential.lsass", at, name);
                return;
            case "export-pfxcertificate" or "export-certificate":
                _sink.Add("credential.private-keys", at, name);
                return;
            case "stop-ec2instance" or "stop-azvm" or "stop-rdsdbinstance":
                _sink.Add("service.stop", at, name);
                return;
            case "foreach-object" or "where-object":
                return;
        }
        if (name.StartsWith("remove-az", StringComparison.Ordinal) || name.StartsWith("remove-s3", StringComparison.Ordinal) || name.StartsWith("remove-ec2", StringComparison.Ordinal) ||
            name.StartsWith("remove-rds", StringComparison.Ordinal) || name.StartsWith("remove-ddb", StringComparison.Ordinal) || name.StartsWith("remove-cfn", StringComparison.Ordinal) ||
            name.StartsWith("remove-azure", StringComparison.Ordinal) || name.StartsWith("remove-gcs", StringComparison.Ordinal) || name is "remove-ec2instance")
        {
            _sink.Add("data.cloud-destroy", at, name);
            return;
        }
        var verb = name[..name.IndexOf('-', StringComparison.Ordinal)];
        if (PowerShellAliases.KnownReadOnly.Contains(name) || PowerShellAliases.Harmless.Contains(name) ||
            (PowerShellAliases.ReadOnlyVerbs.Contains(verb) && verb is "get" or "test" or "measure" && HasKnownNoun(name, verb)))
        {
            if (name is "export-csv" or "export-clixml" || (verb == "export" && b.Get("path", "filepath", "literalpath") is { } exportPath))
            {
                _rules.CheckWrite(ArgOf(b.Get("path", "filepath", "literalpath")), at, truncate: true);
            }
            return;
        }
        _sink.Add("unknown.command", at, $"'{name}' is not in the catalogue");
    }

    private static bool HasKnownNoun(string name, string verb)
    {
        var noun = name.AsSpan(verb.Length + 1);
        foreach (var prefix in PowerShellAliases.KnownReadOnlyNounPrefixes)
        {
            if (noun.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && noun.Length > prefix.Length && char.IsAsciiLetterUpper(char.ToUpperInvariant(noun[prefix.Length])))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// The path a pipeline's items come from when it starts with Get-ChildItem (or its aliases): what a Remove-Item or
    /// a ForEach-Object { Remove-Item $_ } further down deletes.
    /// </summary>
    private Arg? PipelineSourcePath(Ast command)
    {
        for (var node = command.Parent; node is not null; node = node.Parent)
        {
            if (node is PipelineAst { PipelineElements.Count: > 1 } pipeline && pipeline.PipelineElements[0] is CommandAst first &&
                first != command && Canonical(first.GetCommandName() ?? "") is "get-childitem" or "get-item")
            {
                var b = Bind(first);
                var path = b.Get("path", "literalpath") ?? (b.Positional.Count > 0 ? b.Positional[0] : null);
                var arg = path is null ? Arg.DynamicValue : ArgOf(path);
                return b.Has("recurse") || arg.Text.EndsWith('*') ? new Arg(arg.Text.TrimEnd('\\', '/', '*') + "/*", arg.Dynamic) : arg;
            }
        }
        return null;
    }

    private static bool IsPipelineItem(Ast? ast) =>
        ast is not null && (ast.Extent.Text.StartsWith("$_", StringComparison.Ordinal) || ast.Extent.Text.StartsWith("$PSItem", StringComparison.OrdinalIgnoreCase));

    private void WebRequest(string name, Bound b, SourceSpan at)
    {
        var url = ArgOf(b.Get("uri", "source", "url") ?? (b.Positional.Count > 0 ? b.Positional[0] : null));
        var outFile = b.Get("outfile", "destination");
        var method = ArgOf(b.Get("method")).Text.ToUpperInvariant();
        if (b.Has("infile") || (b.Get("body") is { } body && body.FindAll(a => (a is CommandAst c && c.GetCommandName() is { } n && Canonical(n) == "get-content") ||
            (a is VariableExpressionAst v && _fileContent.Contains(v.VariablePath.UserPath)), true).Any()) || (name == "start-bitstransfer" && b.Has("uploadreply") || ArgOf(b.Get("transfertype")).Text.Equals("upload", StringComparison.OrdinalIgnoreCase)))
        {
            if (url.Dynamic || NativeCommandRules.IsRemote(url.Text))
            {
                _sink.Add("exfil.upload", at, PathRules.HostOf(url.Text));
                return;
            }
        }
        if (method is "POST" or "PUT" or "PATCH" && !url.Dynamic && NativeCommandRules.IsRemote(url.Text))
        {
            _sink.Add("network.download", at, "sends data to " + PathRules.HostOf(url.Text));
            return;
        }
        _rules.CheckFetch(url.Text, at);
        if (outFile is not null && ArgOf(outFile) is { Dynamic: false } path)
        {
            _state.RecordDownload(path.Text);
            _rules.CheckWrite(path, at, truncate: false);
        }
    }
}
