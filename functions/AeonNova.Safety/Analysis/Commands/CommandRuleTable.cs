using System.Collections.Frozen;

namespace AeonNova.Safety.Analysis.Commands;

/// <summary>
/// Command name → rules (a name may have several: zip has the password rule and the command-hook rule). Immutable after type initialisation; the rule catalogue page lists these entries
/// (docs/safety-rules.md, generated). Commands not in this table go through the shared native rules.
/// </summary>
internal static class CommandRuleTable
{
    public static IReadOnlyList<ICommandRule> Rules { get; } =
    [
        new TmutilRule(),
        new DsclRule(),
        new SysadminctlRule(),
        new SpctlRule(),
        new MacLogRule(),
        new CcryptRule(),
        new GpgRule(),
        new CommandHookRule(),
        new ArchiveEncryptRule(),
        new OpensslEncryptRule(),
        new DiskshadowRule(),
        new LaunchctlRule(),
        new MkdirRule(),
        new AuditctlRule(),
        new SdeleteRule(),
        new SysmonRule(),
        new FltmcRule(),
        new MpCmdRunRule(),
        new LogoffRule(),
        new AwkRule(),
        new SedRule(),
        new CommandOptionRule(),
    ];

    private static readonly FrozenDictionary<string, ICommandRule[]> ByName = Rules
        .SelectMany(r => r.Names.Select(n => (n, r)))
        .GroupBy(x => x.n, StringComparer.Ordinal)
        .ToFrozenDictionary(g => g.Key, g => g.Select(x => x.r).ToArray(), StringComparer.Ordinal);

    /// <summary>The rules for a command name, in table order (empty when the table has none).</summary>
    public static IReadOnlyList<ICommandRule> Find(string name) => ByName.GetValueOrDefault(name) ?? [];

    /// <summary>Runs the command's rules in table order until one judges it fully; true when one did.</summary>
    public static bool Check(CommandCall call)
    {
        foreach (var rule in Find(call.Name))
        {
            if (rule.Check(call))
            {
                return true;
            }
        }
        return false;
    }
}
