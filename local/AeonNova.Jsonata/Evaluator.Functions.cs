namespace AeonNova.Jsonata;

internal sealed partial class Evaluator
{
    private object? EvaluateFunction(Node expr, object? input, Frame env, object? applyTo, bool hasApplyTo)
    {
        var proc = Evaluate(expr.Procedure!, input, env);
        if (proc is null && expr.Procedure!.Type == NodeType.Path && expr.Procedure.Steps![0].Type == NodeType.Name &&
            LookupVariable(env, expr.Procedure.Steps[0].Value) is not null)
        {
            throw new JsonataException("T1005", $"Attempted to invoke a non-function. Did you mean ${expr.Procedure.Steps[0].Value}?", expr.Position);
        }
        var args = new object?[expr.Arguments!.Count + (hasApplyTo ? 1 : 0)];
        var offset = 0;
        if (hasApplyTo) { args[offset++] = applyTo; }
        foreach (var argument in expr.Arguments) { args[offset++] = Evaluate(argument, input, env); }
        try
        {
            return Apply(proc, args, input, env);
        }
        catch (JsonataException e) when (e.Position < 0)
        {
            e.Position = expr.Position;
            throw;
        }
    }

    public object? Apply(object? proc, object?[] args, object? input, Frame env)
    {
        if (proc is not JFunction function)
        {
            throw new JsonataException("T1006", "Attempted to invoke a non-function");
        }
        var validated = function.Signature is { } signature ? signature.Validate(args, input) : args;
        return function.Invoke(this, validated, input, env);
    }

    private object? EvaluatePartial(Node expr, object? input, Frame env)
    {
        var count = expr.Arguments!.Count;
        var bound = new object?[count];
        var open = new bool[count];
        for (var i = 0; i < count; i++)
        {
            var argument = expr.Arguments[i];
            if (argument.Type == NodeType.Placeholder) { open[i] = true; }
            else { bound[i] = Evaluate(argument, input, env); }
        }
        var proc = Evaluate(expr.Procedure!, input, env);
        if (proc is null && expr.Procedure!.Type == NodeType.Path && expr.Procedure.Steps![0].Type == NodeType.Name &&
            LookupVariable(env, expr.Procedure.Steps[0].Value) is not null)
        {
            throw new JsonataException("T1007", $"Attempted to partially apply a non-function. Did you mean ${expr.Procedure.Steps[0].Value}?", expr.Position);
        }
        if (proc is not JFunction function)
        {
            throw new JsonataException("T1008", "Attempted to partially apply a non-function", expr.Position);
        }
        return new PartialFunction(function, bound, open);
    }

    private object? EvaluateApply(Node expr, object? input, Frame env)
    {
        var lhs = Evaluate(expr.Lhs!, input, env);
        if (expr.Rhs!.Type == NodeType.Function)
        {
            return EvaluateFunction(expr.Rhs, input, env, lhs, true);
        }
        var func = Evaluate(expr.Rhs, input, env);
        if (func is not JFunction function)
        {
            throw new JsonataException("T2006", "The right side of the function application operator ~> must be a function", expr.Position);
        }
        if (lhs is JFunction first)
        {
            return new ChainFunction(first, function);
        }
        return Apply(function, [lhs], null, env);
    }

    private NativeFunction EvaluateTransform(Node expr, Frame env) =>
        new("transform", "<(oa):o>", 1, (in NativeCall call) =>
        {
            var obj = call[0];
            if (obj is null) { return null; }
            var result = Library.Clone(obj);
            var matches = Evaluate(expr.Pattern!, result, env);
            if (matches is null) { return result; }
            var list = matches as JList ?? new JList { matches };
            foreach (var match in list)
            {
                var update = Evaluate(expr.Update!, match, env);
                if (update is not null)
                {
                    if (update is not JObject updateObject)
                    {
                        throw new JsonataException("T2011", $"The insert/update clause of the transform expression must evaluate to an object: {Library.Describe(update)}", expr.Position);
                    }
                    if (match is JObject target)
                    {
                        foreach (var (key, value) in updateObject) { target[key] = value; }
                    }
                }
                if (expr.Delete is null) { continue; }
                var deletions = Evaluate(expr.Delete, match, env);
                if (deletions is null) { continue; }
                var deleteList = deletions as JList ?? new JList { deletions };
                if (!Values.IsArrayOfStrings(deleteList))
                {
                    throw new JsonataException("T2012", $"The delete clause of the transform expression must evaluate to a string or array of strings: {Library.Describe(deletions)}", expr.Position);
                }
                if (match is JObject from)
                {
                    foreach (var key in deleteList) { from.Remove((string)key!); }
                }
            }
            return result;
        });

    private JList EvaluateSort(Node expr, JList input, Frame env)
    {
        var isTupleSort = input.TupleStream;
        bool Comparator(object? a, object? b)
        {
            var comp = 0;
            for (var index = 0; comp == 0 && index < expr.Terms!.Count; index++)
            {
                var term = expr.Terms[index];
                var aa = isTupleSort ? Evaluate(term.Expression, TupleContext(a), FrameFromTuple(env, a as JObject)) : Evaluate(term.Expression, a, env);
                var bb = isTupleSort ? Evaluate(term.Expression, TupleContext(b), FrameFromTuple(env, b as JObject)) : Evaluate(term.Expression, b, env);
                if (aa is null) { comp = bb is null ? 0 : 1; continue; }
                if (bb is null) { comp = -1; continue; }
                if (aa is not (string or double) || bb is not (string or double))
                {
                    throw new JsonataException("T2008", "The expressions within an order-by clause must evaluate to numeric or string values", expr.Position);
                }
                if (aa.GetType() != bb.GetType())
                {
                    throw new JsonataException("T2007", $"Type mismatch when comparing values {Library.Describe(aa)} and {Library.Describe(bb)} in order-by clause", expr.Position);
                }
                comp = aa is double x ? x.CompareTo((double)bb) : string.CompareOrdinal((string)aa, (string)bb);
                comp = Math.Sign(comp);
                if (term.Descending) { comp = -comp; }
            }
            return comp == 1;
        }
        var sorted = Library.MergeSort(input, Comparator);
        if (isTupleSort) { sorted.TupleStream = true; sorted.Sequence = true; }
        return sorted;
    }
}
