namespace AeonNova.Jsonata;

/// <summary>
/// Top-down operator-precedence (Pratt) parser for JSONata, followed by the AST post-processing the language
/// specification's reference implementation applies (path flattening, predicates to stages, group-by/sort/tuple
/// attachment). Binding powers follow https://docs.jsonata.org/operators.
/// </summary>
internal sealed class Parser
{
    private readonly string _source;
    private readonly Lexer _lexer;
    private Token _token;

    private Parser(string source)
    {
        _source = source;
        _lexer = new Lexer(source);
    }

    public static Node Parse(string source)
    {
        var parser = new Parser(source);
        parser.Advance(null, infix: false);
        var expr = parser.Expression(0);
        if (parser._token.Kind != TokenKind.End)
        {
            throw new JsonataException("S0201", $"Syntax error: \"{parser._token.Text}\"", parser._token.Position);
        }
        return Process(expr);
    }

    private static int BindingPower(Token token) => token.Kind != TokenKind.Operator ? 0 : token.Text switch
    {
        "." => 75,
        "[" or "(" or "@" or "#" => 80,
        "{" => 70,
        "?" => 20,
        "+" or "-" or "&" => 50,
        "*" or "/" or "%" or "**" => 60,
        "=" or "<" or ">" or "^" or "!=" or "<=" or ">=" or "~>" or "?:" or "??" or "in" => 40,
        "and" => 30,
        "or" => 25,
        ":=" => 10,
        _ => 0,
    };

    private Token Advance(string? expected, bool infix)
    {
        if (expected is not null && !(_token.Kind == TokenKind.Operator && _token.Text == expected))
        {
            if (_token.Kind == TokenKind.End)
            {
                throw new JsonataException("S0203", $"Expected \"{expected}\" before end of expression", _token.Position);
            }
            throw new JsonataException("S0202", $"Expected \"{expected}\", got \"{_token.Text}\"", _token.Position);
        }
        var previous = _token;
        _token = _lexer.Next(prefix: !infix);
        return previous;
    }

    private bool At(string op) => _token.Kind == TokenKind.Operator && _token.Text == op;

    private Node Expression(int rbp)
    {
        var t = _token;
        Advance(null, infix: true);
        var left = Nud(t);
        while (rbp < BindingPower(_token))
        {
            t = _token;
            Advance(null, infix: false);
            left = Led(t, left);
        }
        return left;
    }

    private Node Nud(Token t)
    {
        switch (t.Kind)
        {
            case TokenKind.Name: return new Node { Type = NodeType.Name, Value = t.Text, Position = t.Position };
            case TokenKind.Variable: return new Node { Type = NodeType.Variable, Value = t.Text, Position = t.Position };
            case TokenKind.String: return new Node { Type = NodeType.String, Value = t.Text, Literal = t.Literal, Position = t.Position };
            case TokenKind.Number: return new Node { Type = NodeType.Number, Literal = t.Number, Position = t.Position };
            case TokenKind.Value: return new Node { Type = NodeType.Value, Value = t.Text, Literal = t.Literal, Position = t.Position };
            case TokenKind.Regex: return new Node { Type = NodeType.Regex, Value = t.Text, Literal = t.Literal, Position = t.Position };
            case TokenKind.End: return new Node { Type = NodeType.End, Position = t.Position };
        }
        switch (t.Text)
        {
            case "and" or "or" or "in":
                return new Node { Type = NodeType.Name, Value = t.Text, Position = t.Position };
            case "-":
                return new Node { Type = NodeType.Unary, Value = "-", Position = t.Position, Expression = Expression(70) };
            case "*": return new Node { Type = NodeType.Wildcard, Value = "*", Position = t.Position };
            case "**": return new Node { Type = NodeType.Descendant, Value = "**", Position = t.Position };
            case "%": return new Node { Type = NodeType.Parent, Value = "%", Position = t.Position };
            case "(":
            {
                var expressions = new List<Node>();
                while (!At(")"))
                {
                    expressions.Add(Expression(0));
                    if (!At(";")) { break; }
                    Advance(";", infix: false);
                }
                Advance(")", infix: true);
                return new Node { Type = NodeType.Block, Position = t.Position, Expressions = expressions };
            }
            case "[":
            {
                var items = new List<Node>();
                if (!At("]"))
                {
                    while (true)
                    {
                        var item = Expression(0);
                        if (At(".."))
                        {
                            var position = _token.Position;
                            Advance("..", infix: false);
                            item = new Node { Type = NodeType.Binary, Value = "..", Position = position, Lhs = item, Rhs = Expression(0) };
                        }
                        items.Add(item);
                        if (!At(",")) { break; }
                        Advance(",", infix: false);
                    }
                }
                Advance("]", infix: true);
                return new Node { Type = NodeType.Unary, Value = "[", Position = t.Position, Expressions = items };
            }
            case "{":
                return new Node { Type = NodeType.Unary, Value = "{", Position = t.Position, Pairs = ObjectPairs() };
            case "|":
            {
                var node = new Node { Type = NodeType.Transform, Position = t.Position, Pattern = Expression(0) };
                Advance("|", infix: false);
                node.Update = Expression(0);
                if (At(","))
                {
                    Advance(",", infix: false);
                    node.Delete = Expression(0);
                }
                Advance("|", infix: true);
                return node;
            }
            default:
                throw new JsonataException("S0211", $"The symbol {t.Text} cannot be used as a unary operator", t.Position);
        }
    }

    private List<(Node, Node)> ObjectPairs()
    {
        var pairs = new List<(Node, Node)>();
        if (!At("}"))
        {
            while (true)
            {
                var key = Expression(0);
                Advance(":", infix: false);
                var value = Expression(0);
                pairs.Add((key, value));
                if (!At(",")) { break; }
                Advance(",", infix: false);
            }
        }
        Advance("}", infix: true);
        return pairs;
    }

    private Node Led(Token t, Node left)
    {
        var bp = BindingPower(t);
        switch (t.Text)
        {
            case "(":
                return Call(t, left);
            case "[":
                if (At("]"))
                {
                    var step = left;
                    while (step.Type == NodeType.Binary && step.Value == "[") { step = step.Lhs!; }
                    step.KeepArray = true;
                    Advance("]", infix: true);
                    return left;
                }
                else
                {
                    var node = new Node { Type = NodeType.Binary, Value = "[", Position = t.Position, Lhs = left, Rhs = Expression(0) };
                    Advance("]", infix: true);
                    return node;
                }
            case "{":
                return new Node { Type = NodeType.Binary, Value = "{", Position = t.Position, Lhs = left, Pairs = ObjectPairs() };
            case "^":
            {
                Advance("(", infix: false);
                var terms = new List<SortTerm>();
                while (true)
                {
                    var descending = false;
                    if (At("<")) { Advance("<", infix: false); }
                    else if (At(">")) { descending = true; Advance(">", infix: false); }
                    terms.Add(new SortTerm(descending, Expression(0)));
                    if (!At(",")) { break; }
                    Advance(",", infix: false);
                }
                Advance(")", infix: true);
                return new Node { Type = NodeType.Binary, Value = "^", Position = t.Position, Lhs = left, Terms = terms };
            }
            case ":=":
                if (left.Type != NodeType.Variable)
                {
                    throw new JsonataException("S0212", "The left side of := must be a variable name (start with $)", left.Position);
                }
                return new Node { Type = NodeType.Binary, Value = ":=", Position = t.Position, Lhs = left, Rhs = Expression(bp - 1) };
            case "@" or "#":
            {
                var rhs = Expression(bp);
                if (rhs.Type != NodeType.Variable)
                {
                    throw new JsonataException("S0214", $"The right side of {t.Text} must be a variable name (start with $)", rhs.Position);
                }
                return new Node { Type = NodeType.Binary, Value = t.Text, Position = t.Position, Lhs = left, Rhs = rhs };
            }
            case "?":
            {
                var node = new Node { Type = NodeType.Condition, Position = t.Position, Condition = left, Then = Expression(0) };
                if (At(":"))
                {
                    Advance(":", infix: false);
                    node.Else = Expression(0);
                }
                return node;
            }
            case "?:":
                return new Node { Type = NodeType.Condition, Position = t.Position, Condition = left, Then = left, Else = Expression(0) };
            case "??":
            {
                var exists = new Node
                {
                    Type = NodeType.Function, Value = "(", Position = t.Position,
                    Procedure = new Node { Type = NodeType.Variable, Value = "exists", Position = t.Position },
                    Arguments = [left],
                };
                return new Node { Type = NodeType.Condition, Position = t.Position, Condition = exists, Then = left, Else = Expression(0) };
            }
            case "." or "+" or "-" or "*" or "/" or "%" or "=" or "<" or ">" or "!=" or "<=" or ">=" or "&" or "and" or "or" or "in" or "~>":
                return new Node { Type = NodeType.Binary, Value = t.Text, Position = t.Position, Lhs = left, Rhs = Expression(bp) };
            default:
                throw new JsonataException("S0201", $"Syntax error: \"{t.Text}\"", t.Position);
        }
    }

    private Node Call(Token t, Node left)
    {
        var node = new Node { Type = NodeType.Function, Value = "(", Position = t.Position, Procedure = left, Arguments = [] };
        if (!At(")"))
        {
            while (true)
            {
                if (At("?"))
                {
                    node.Type = NodeType.Partial;
                    node.Arguments.Add(new Node { Type = NodeType.Placeholder, Value = "?", Position = _token.Position });
                    Advance("?", infix: true);
                }
                else
                {
                    node.Arguments.Add(Expression(0));
                }
                if (!At(",")) { break; }
                Advance(",", infix: false);
            }
        }
        Advance(")", infix: true);
        if (left.Type == NodeType.Name && left.Value is "function" or "\u03BB")
        {
            for (var i = 0; i < node.Arguments.Count; i++)
            {
                if (node.Arguments[i].Type != NodeType.Variable)
                {
                    throw new JsonataException("S0208", $"Parameter {i + 1} of function definition must be a variable name (start with $)", node.Arguments[i].Position);
                }
            }
            node.Type = NodeType.Lambda;
            if (At("<"))
            {
                // the signature is raw text up to the matching '>' (the lexer has already read its first token)
                var start = _token.Position;
                var depth = 0;
                var end = start;
                for (; end < _source.Length; end++)
                {
                    if (_source[end] == '<') { depth++; }
                    else if (_source[end] == '>' && --depth == 0) { break; }
                }
                if (end >= _source.Length) { throw new JsonataException("S0203", "Expected \">\" before end of expression", _source.Length); }
                node.Signature = Signature.Parse(_source[start..(end + 1)], start);
                _lexer.Seek(end + 1);
                _token = _lexer.Next(prefix: true);
            }
            Advance("{", infix: false);
            node.Body = Expression(0);
            Advance("}", infix: true);
        }
        return node;
    }

    private static Node Process(Node expr)
    {
        Node result;
        switch (expr.Type)
        {
            case NodeType.Binary:
                switch (expr.Value)
                {
                    case ".":
                    {
                        var lstep = Process(expr.Lhs!);
                        result = lstep.Type == NodeType.Path ? lstep : new Node { Type = NodeType.Path, Steps = [lstep], Position = lstep.Position };
                        if (lstep.Type == NodeType.Parent) { throw ParentUnsupported(lstep.Position); }
                        var rest = Process(expr.Rhs!);
                        if (rest.Type == NodeType.Path)
                        {
                            result.Steps!.AddRange(rest.Steps!);
                        }
                        else
                        {
                            if (rest.Predicates is not null)
                            {
                                rest.Stages = rest.Predicates.ConvertAll(p => new Stage(false, p, null));
                                rest.Predicates = null;
                            }
                            result.Steps!.Add(rest);
                        }
                        foreach (var step in result.Steps!)
                        {
                            if (step.Type is NodeType.Number or NodeType.Value)
                            {
                                throw new JsonataException("S0213", $"The literal value {LiteralText(step)} cannot be used as a step within a path expression", step.Position);
                            }
                            if (step.Type == NodeType.String) { step.Type = NodeType.Name; }
                        }
                        if (result.Steps.Exists(s => s.KeepArray)) { result.KeepSingletonArray = true; }
                        var first = result.Steps[0];
                        if (first.Type == NodeType.Unary && first.Value == "[") { first.ConsArray = true; }
                        var last = result.Steps[^1];
                        if (last.Type == NodeType.Unary && last.Value == "[") { last.ConsArray = true; }
                        break;
                    }
                    case "[":
                    {
                        result = Process(expr.Lhs!);
                        var step = result;
                        var isStages = false;
                        if (result.Type == NodeType.Path)
                        {
                            step = result.Steps![^1];
                            isStages = true;
                        }
                        if (step.Group is not null)
                        {
                            throw new JsonataException("S0209", "A predicate cannot follow a grouping expression in a step", expr.Position);
                        }
                        var predicate = Process(expr.Rhs!);
                        if (isStages)
                        {
                            (step.Stages ??= []).Add(new Stage(false, predicate, null));
                        }
                        else
                        {
                            (step.Predicates ??= []).Add(predicate);
                        }
                        break;
                    }
                    case "{":
                        result = Process(expr.Lhs!);
                        if (result.Group is not null)
                        {
                            throw new JsonataException("S0210", "Each step can only have one grouping expression", expr.Position);
                        }
                        result.Group = expr.Pairs!.ConvertAll(p => (Process(p.Key), Process(p.Value)));
                        result.GroupPosition = expr.Position;
                        break;
                    case "^":
                    {
                        result = Process(expr.Lhs!);
                        if (result.Type != NodeType.Path) { result = new Node { Type = NodeType.Path, Steps = [result], Position = result.Position }; }
                        var sort = new Node
                        {
                            Type = NodeType.Sort, Position = expr.Position,
                            Terms = expr.Terms!.ConvertAll(term => term with { Expression = Process(term.Expression) }),
                        };
                        result.Steps!.Add(sort);
                        break;
                    }
                    case ":=":
                        result = new Node { Type = NodeType.Bind, Value = ":=", Position = expr.Position, Lhs = Process(expr.Lhs!), Rhs = Process(expr.Rhs!) };
                        break;
                    case "@":
                    {
                        result = Process(expr.Lhs!);
                        var step = result.Type == NodeType.Path ? result.Steps![^1] : result;
                        if (step.Stages is not null || step.Predicates is not null)
                        {
                            throw new JsonataException("S0215", "A context variable binding must precede any predicates on a step", expr.Position);
                        }
                        if (step.Type == NodeType.Sort)
                        {
                            throw new JsonataException("S0216", "A context variable binding must precede the 'order-by' clause on a step", expr.Position);
                        }
                        if (expr.KeepArray) { step.KeepArray = true; }
                        step.Focus = expr.Rhs!.Value;
                        step.Tuple = true;
                        break;
                    }
                    case "#":
                    {
                        result = Process(expr.Lhs!);
                        var step = result;
                        if (result.Type == NodeType.Path)
                        {
                            step = result.Steps![^1];
                        }
                        else
                        {
                            result = new Node { Type = NodeType.Path, Steps = [result], Position = result.Position };
                            if (step.Predicates is not null)
                            {
                                step.Stages = step.Predicates.ConvertAll(p => new Stage(false, p, null));
                                step.Predicates = null;
                            }
                        }
                        if (step.Stages is null) { step.Index = expr.Rhs!.Value; }
                        else { step.Stages.Add(new Stage(true, null, expr.Rhs!.Value)); }
                        step.Tuple = true;
                        break;
                    }
                    case "~>":
                        result = new Node { Type = NodeType.Apply, Value = "~>", Position = expr.Position, Lhs = Process(expr.Lhs!), Rhs = Process(expr.Rhs!) };
                        result.KeepArray = result.Lhs!.KeepArray || result.Rhs!.KeepArray;
                        break;
                    default:
                        result = new Node { Type = NodeType.Binary, Value = expr.Value, Position = expr.Position, Lhs = Process(expr.Lhs!), Rhs = Process(expr.Rhs!) };
                        break;
                }
                break;
            case NodeType.Unary:
                result = new Node { Type = NodeType.Unary, Value = expr.Value, Position = expr.Position };
                if (expr.Value == "[")
                {
                    result.Expressions = expr.Expressions!.ConvertAll(Process);
                }
                else if (expr.Value == "{")
                {
                    result.Pairs = expr.Pairs!.ConvertAll(p => (Process(p.Key), Process(p.Value)));
                }
                else
                {
                    result.Expression = Process(expr.Expression!);
                    if (expr.Value == "-" && result.Expression.Type == NodeType.Number)
                    {
                        result = result.Expression;
                        result.Literal = -(double)result.Literal!;
                    }
                }
                break;
            case NodeType.Function or NodeType.Partial:
                result = new Node { Type = expr.Type, Value = expr.Value, Position = expr.Position, Arguments = expr.Arguments!.ConvertAll(Process), Procedure = Process(expr.Procedure!) };
                break;
            case NodeType.Lambda:
                result = new Node { Type = NodeType.Lambda, Position = expr.Position, Arguments = expr.Arguments, Signature = expr.Signature, Body = Process(expr.Body!) };
                break;
            case NodeType.Condition:
                result = new Node { Type = NodeType.Condition, Position = expr.Position, Condition = Process(expr.Condition!), Then = Process(expr.Then!) };
                if (expr.Else is not null) { result.Else = Process(expr.Else); }
                break;
            case NodeType.Transform:
                result = new Node { Type = NodeType.Transform, Position = expr.Position, Pattern = Process(expr.Pattern!), Update = Process(expr.Update!) };
                if (expr.Delete is not null) { result.Delete = Process(expr.Delete); }
                break;
            case NodeType.Block:
                result = new Node { Type = NodeType.Block, Position = expr.Position, Expressions = expr.Expressions!.ConvertAll(Process) };
                result.ConsArray = result.Expressions.Exists(e => e.ConsArray || (e.Type == NodeType.Path && e.Steps![0].ConsArray));
                break;
            case NodeType.Name:
                result = new Node { Type = NodeType.Path, Steps = [expr], Position = expr.Position };
                if (expr.KeepArray) { result.KeepSingletonArray = true; }
                break;
            case NodeType.Parent:
                throw ParentUnsupported(expr.Position);
            case NodeType.End:
                throw new JsonataException("S0207", "Unexpected end of expression", expr.Position);
            case NodeType.Placeholder or NodeType.String or NodeType.Number or NodeType.Value or NodeType.Wildcard or NodeType.Descendant or NodeType.Variable or NodeType.Regex:
                result = expr;
                break;
            default:
                throw new JsonataException("S0206", "Unknown expression type", expr.Position);
        }
        if (expr.KeepArray) { result.KeepArray = true; }
        return result;
    }

    private static JsonataException ParentUnsupported(int position) =>
        new("S0299", "The parent operator % is not supported by the local engine", position) { UnsupportedFeature = "the JSONata parent operator %" };

    private static string LiteralText(Node node) => node.Type == NodeType.Number
        ? JsNumber.Format((double)node.Literal!) : node.Value;
}
