namespace AeonNova.Safety.Bash;

/// <summary>A node of the bash syntax tree; offsets point into the parsed text.</summary>
internal abstract class BashNode
{
    // Most nodes have no redirections: the list is only allocated for the first one.
    private List<Redirect>? _redirects;

    public int Start { get; set; }
    public int End { get; set; }
    public IReadOnlyList<Redirect> Redirects => (IReadOnlyList<Redirect>?)_redirects ?? [];

    public void AddRedirect(Redirect redirect) => (_redirects ??= []).Add(redirect);
}

internal sealed class BashList : BashNode
{
    public List<AndOrNode> Items { get; } = [];
}

internal sealed class AndOrNode : BashNode
{
    public List<PipelineNode> Pipelines { get; } = new(1);
    public bool Background { get; set; }
}

internal sealed class PipelineNode : BashNode
{
    public List<BashNode> Commands { get; } = new(1);
    public bool Negated { get; set; }
}

internal sealed class SimpleCommand : BashNode
{
    private List<Assignment>? _assignments;

    public IReadOnlyList<Assignment> Assignments => (IReadOnlyList<Assignment>?)_assignments ?? [];
    public List<Word> Words { get; } = [];

    public void AddAssignment(Assignment assignment) => (_assignments ??= []).Add(assignment);
}

internal sealed record Assignment(string Name, Word Value, bool Append, bool Array);

internal sealed class IfNode : BashNode
{
    public List<(BashList Condition, BashList Body)> Branches { get; } = [];
    public BashList? Else { get; set; }
}

internal sealed class LoopNode : BashNode
{
    public required string Kind { get; init; }
    public string? Variable { get; init; }
    public List<Word>? Items { get; init; }
    public BashList? Condition { get; init; }
    public required BashList Body { get; init; }
}

internal sealed class CaseNode : BashNode
{
    public required Word Subject { get; init; }
    public List<(List<Word> Patterns, BashList Body)> Arms { get; } = [];
}

internal sealed class FunctionNode : BashNode
{
    public required string Name { get; init; }
    public required BashNode Body { get; init; }
}

internal sealed class GroupNode : BashNode
{
    public required BashList Body { get; init; }
    public bool Subshell { get; init; }
}

internal sealed class ArithmeticCommand : BashNode
{
    public required string Expression { get; init; }
}

internal enum RedirectKind
{
    Output,
    Append,
    Input,
    ReadWrite,
    DuplicateOutput,
    DuplicateInput,
    HereDoc,
    HereString,
}

internal sealed class Redirect
{
    public int Fd { get; init; } = -1;
    public required RedirectKind Kind { get; init; }
    public Word? Target { get; init; }
    /// <summary>Heredoc body, parsed for expansions unless the delimiter was quoted.</summary>
    public Word? Body { get; set; }
    public string RawBody { get; set; } = "";
    public bool BodyQuoted { get; init; }
    public int Start { get; init; }
}

/// <summary>A shell word: literal, quoted and expansion parts that become one or more fields.</summary>
internal sealed class Word
{
    /// <summary>Most words are one part: start with room for exactly one.</summary>
    public List<WordPart> Parts { get; } = new(1);
    public int Start { get; set; }
    public int End { get; set; }
    /// <summary>Quoted segments (single, double, $'…') — a command name in several pieces is obfuscated.</summary>
    public int QuotedSegments { get; set; }
    public int InnerEscapes { get; set; }
    public bool HasUnquotedLiteral { get; set; }
    public bool AnsiCEscapes { get; set; }

    public bool IsLiteral => Parts.TrueForAll(p => p is LiteralPart);

    public string LiteralText => Parts is [LiteralPart only] ? only.Text : string.Concat(Parts.OfType<LiteralPart>().Select(p => p.Text));
}

internal abstract record WordPart(bool Quoted);

internal sealed record LiteralPart(string Text, bool Quoted) : WordPart(Quoted);

internal sealed record ParameterPart(string Name, string? Operator, Word? Argument, bool Quoted, bool Length, bool Indirect) : WordPart(Quoted);

internal sealed record CommandSubstitutionPart(BashList Body, bool Quoted) : WordPart(Quoted);

internal sealed record ProcessSubstitutionPart(BashList Body, bool Output) : WordPart(false);

internal sealed record ArithmeticPart(string Expression, bool Quoted) : WordPart(Quoted);

internal sealed record TildePart(string User) : WordPart(false);

/// <summary>A syntax error with its offset in the parsed text.</summary>
internal sealed class BashSyntaxException(string message, int offset) : Exception(message)
{
    public int Offset { get; } = offset;
}
