using System.Text;

namespace AeonNova.Safety.Bash;

/// <summary>
/// A recursive-descent parser for the bash language as scripts use it: quoting and escapes, parameter
/// expansion, $( ), backticks, process substitution, pipelines, &amp;&amp; || ; &amp;, redirections, heredocs,
/// if/for/while/until/case/select, functions, subshells and groups, [[ ]] and (( )).
/// </summary>
internal sealed partial class BashParser
{
    private const int MaxDepth = 64;
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "if", "then", "elif", "else", "fi", "for", "select", "in", "do", "done", "while", "until", "case", "esac", "function", "{", "}", "[[", "]]", "time", "!",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> ReservedLookup = Reserved.GetAlternateLookup<ReadOnlySpan<char>>();

    private readonly string _s;
    private readonly int _base;
    private readonly List<Redirect> _pendingHeredocs = [];
    private readonly List<(Redirect Redirect, string Delimiter, bool StripTabs)> _pendingDelimiters = [];
    private readonly Stack<StringBuilder> _spareLiterals = new();

    /// <summary>End test for lists inside ( ), $( ) and &lt;( ): one delegate per parser instead of one per use.</summary>
    private readonly Func<bool> _atCloseParen;
    private Func<bool>? _endAtThen;
    private Func<bool>? _endAtElifElseFi;
    private Func<bool>? _endAtFi;
    private Func<bool>? _endAtDo;
    private Func<bool>? _endAtDone;
    private Func<bool>? _endAtBrace;
    private int _pos;
    private int _depth;

    private BashParser(string text, int baseOffset)
    {
        _s = text;
        _base = baseOffset;
        _atCloseParen = () => Peek() == ')';
    }

    /// <summary>Parses a whole script. Offsets in the tree are relative to <paramref name="baseOffset"/>.</summary>
    public static BashList Parse(string text, int baseOffset = 0)
    {
        var parser = new BashParser(text, baseOffset);
        var list = parser.ParseList(() => false);
        if (!parser.AtEnd)
        {
            throw parser.Error($"unexpected '{parser.Peek()}'");
        }
        if (parser._pendingDelimiters.Count > 0)
        {
            parser.ReadHeredocBodies();
        }
        return list;
    }

    private bool AtEnd => _pos >= _s.Length;

    private char Peek(int ahead = 0) => _pos + ahead < _s.Length ? _s[_pos + ahead] : '\0';

    private bool PeekIs(string text) => string.CompareOrdinal(_s, _pos, text, 0, text.Length) == 0;

    private BashSyntaxException Error(string message) => new(message, _base + Math.Min(_pos, _s.Length));

    private static bool IsMeta(char c) => c is ' ' or '\t' or '\n' or ';' or '&' or '|' or '<' or '>' or '(' or ')' or '\r';

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw Error("nesting is too deep");
        }
    }
}
