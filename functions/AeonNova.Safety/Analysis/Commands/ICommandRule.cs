namespace AeonNova.Safety.Analysis.Commands;

/// <summary>
/// The rule for one command (or a family of names for the same tool), found through <see cref="CommandRuleTable"/>.
/// A rule reports findings through the call and says whether it fully judged the command; when it did not, the
/// shared rules that follow still see the command.
/// </summary>
internal interface ICommandRule
{
    /// <summary>Command names (lower case, without .exe) this rule answers for.</summary>
    IReadOnlyList<string> Names { get; }

    /// <summary>One line for the generated rule catalogue: what the rule checks and which verdicts it gives.</summary>
    string Summary { get; }

    /// <summary>Judges the command; true when nothing else needs to look at it.</summary>
    bool Check(CommandCall call);
}

/// <summary>One resolved command as a rule sees it.</summary>
internal readonly record struct CommandCall(string Name, IReadOnlyList<Arg> Args, SourceSpan At, NativeCommandRules Rules)
{
    public void Report(string ruleId, string? detail = null) => Rules.Report(ruleId, At, detail);

    public List<Arg> Operands() => NativeCommandRules.Operands(Args);

    public bool Has(params ReadOnlySpan<string> options) => NativeCommandRules.Has(Args, options);

    public string? ValueOf(params ReadOnlySpan<string> options) => NativeCommandRules.ValueOf(Args, options);

    /// <summary>The first operand, lower case ("" when there is none): the verb of tools like tmutil or launchctl.</summary>
    public string Verb(int index = 0)
    {
        var ops = Operands();
        return ops.Count > index ? ops[index].Text.ToLowerInvariant() : "";
    }

    public bool AnyArg(Func<string, bool> predicate)
    {
        for (var i = 0; i < Args.Count; i++)
        {
            if (predicate(Args[i].Text.ToLowerInvariant()))
            {
                return true;
            }
        }
        return false;
    }
}
