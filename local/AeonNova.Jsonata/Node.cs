namespace AeonNova.Jsonata;

internal enum NodeType
{
    Path, Binary, Unary, Name, String, Number, Value, Wildcard, Descendant, Parent, Condition, Block, Bind, Regex,
    Function, Partial, Variable, Lambda, Apply, Transform, Sort, Placeholder, Operator, End,
}

internal sealed record SortTerm(bool Descending, Node Expression);

internal sealed record Stage(bool IsIndex, Node? Filter, string? IndexVariable);

/// <summary>One node of the parse tree; after <see cref="Parser"/>'s post-processing also of the evaluated AST
/// (paths as step lists, predicates as stages, group-by and sort attached), as in the reference implementation.</summary>
internal sealed class Node
{
    public NodeType Type { get; set; }
    public string Value { get; set; } = "";
    public object? Literal { get; set; }
    public int Position { get; set; }
    public Node? Lhs { get; set; }
    public Node? Rhs { get; set; }
    public Node? Expression { get; set; }
    public Node? Condition { get; set; }
    public Node? Then { get; set; }
    public Node? Else { get; set; }
    public Node? Procedure { get; set; }
    public Node? Body { get; set; }
    public Node? Pattern { get; set; }
    public Node? Update { get; set; }
    public Node? Delete { get; set; }
    public List<Node>? Steps { get; set; }
    public List<Node>? Expressions { get; set; }
    public List<Node>? Arguments { get; set; }
    public List<(Node Key, Node Value)>? Pairs { get; set; }
    public List<Node>? Predicates { get; set; }
    public List<Stage>? Stages { get; set; }
    public List<(Node Key, Node Value)>? Group { get; set; }
    public int GroupPosition { get; set; }
    public List<SortTerm>? Terms { get; set; }
    public Signature? Signature { get; set; }
    public bool KeepArray { get; set; }
    public bool KeepSingletonArray { get; set; }
    public bool ConsArray { get; set; }
    public bool Tuple { get; set; }
    public string? Focus { get; set; }
    public string? Index { get; set; }
}
