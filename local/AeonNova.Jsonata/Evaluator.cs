namespace AeonNova.Jsonata;

/// <summary>
/// Tree-walking evaluator. Sequence semantics (flattening, singleton collapsing, keep-array) follow the reference
/// implementation's evaluate/evaluatePath/evaluateStep so results agree value for value.
/// One instance per evaluation: it carries the options and the evaluation's fixed timestamp.
/// </summary>
internal sealed partial class Evaluator(JsonataOptions options, DateTimeOffset now)
{
    private const int MaxDepth = 3000;
    private int _depth;

    public JsonataOptions Options { get; } = options;
    public DateTimeOffset Now { get; } = now;

    public object? Evaluate(Node expr, object? input, Frame env)
    {
        if (++_depth > MaxDepth)
        {
            _depth = 0;
            throw new JsonataException("U1001", "Stack overflow error: Check for non-terminating recursive function. Consider rewriting as tail-recursive.", expr.Position);
        }
        try
        {
            var result = expr.Type switch
            {
                NodeType.Path => EvaluatePath(expr, input, env),
                NodeType.Binary => EvaluateBinary(expr, input, env),
                NodeType.Unary => EvaluateUnary(expr, input, env),
                NodeType.Name => Lookup(input, expr.Value),
                NodeType.String or NodeType.Number or NodeType.Value => expr.Literal,
                NodeType.Wildcard => EvaluateWildcard(input),
                NodeType.Descendant => EvaluateDescendants(input),
                NodeType.Condition => EvaluateCondition(expr, input, env),
                NodeType.Block => EvaluateBlock(expr, input, env),
                NodeType.Bind => EvaluateBind(expr, input, env),
                NodeType.Regex => expr.Literal,
                NodeType.Function => EvaluateFunction(expr, input, env, null, false),
                NodeType.Variable => EvaluateVariable(expr, input, env),
                NodeType.Lambda => new Lambda(expr, env, input, expr.Arguments!.ConvertAll(a => a.Value)),
                NodeType.Partial => EvaluatePartial(expr, input, env),
                NodeType.Apply => EvaluateApply(expr, input, env),
                NodeType.Transform => EvaluateTransform(expr, env),
                _ => throw new JsonataException("S0206", "Unknown expression type", expr.Position),
            };
            if (expr.Predicates is not null)
            {
                foreach (var predicate in expr.Predicates) { result = EvaluateFilter(predicate, result, env); }
            }
            if (expr.Type != NodeType.Path && expr.Group is not null)
            {
                result = EvaluateGroup(expr.Group, expr.GroupPosition, result, env);
            }
            if (result is JList { Sequence: true, TupleStream: false } seq)
            {
                if (expr.KeepArray) { seq.KeepSingleton = true; }
                if (seq.Count == 0) { result = null; }
                else if (seq.Count == 1) { result = seq.KeepSingleton ? seq : seq[0]; }
            }
            return result;
        }
        catch (JsonataException e) when (e.Position < 0)
        {
            e.Position = expr.Position;
            throw;
        }
        finally
        {
            if (_depth > 0) { _depth--; }
        }
    }

    private object? EvaluatePath(Node expr, object? input, Frame env)
    {
        JList inputSequence = input is JList list && expr.Steps![0].Type != NodeType.Variable ? list : JList.NewSequence(input);
        JList? resultSequence = null;
        var isTupleStream = false;
        JList? tupleBindings = null;
        var steps = expr.Steps!;
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            if (step.Tuple) { isTupleStream = true; }
            if (i == 0 && step.ConsArray)
            {
                var constructed = Evaluate(step, inputSequence, env);
                resultSequence = constructed as JList ?? (constructed is null ? null : JList.NewSequence(constructed));
            }
            else if (isTupleStream)
            {
                tupleBindings = EvaluateTupleStep(step, inputSequence, tupleBindings, env);
            }
            else
            {
                resultSequence = EvaluateStep(step, inputSequence, env, i == steps.Count - 1);
            }
            if (!isTupleStream && (resultSequence is null || resultSequence.Count == 0)) { break; }
            if (step.Focus is null) { inputSequence = resultSequence ?? JList.NewSequence(); }
        }
        if (isTupleStream)
        {
            if (expr.Tuple)
            {
                resultSequence = tupleBindings;
            }
            else
            {
                resultSequence = JList.NewSequence();
                foreach (var tuple in tupleBindings!) { resultSequence.Add(((JObject)tuple!)["@"]); }
            }
        }
        if (expr.KeepSingletonArray)
        {
            if (resultSequence is { Cons: true, Sequence: false })
            {
                var wrapped = JList.NewSequence();
                wrapped.Add(resultSequence);
                resultSequence = wrapped;
            }
            resultSequence ??= JList.NewSequence();
            resultSequence.KeepSingleton = true;
        }
        if (expr.Group is not null)
        {
            return EvaluateGroup(expr.Group, expr.GroupPosition, isTupleStream ? tupleBindings : resultSequence, env);
        }
        return resultSequence;
    }

    private JList EvaluateStep(Node step, JList input, Frame env, bool lastStep)
    {
        if (step.Type == NodeType.Sort)
        {
            var sorted = EvaluateSort(step, input, env);
            return step.Stages is null ? sorted : EvaluateStages(step.Stages, sorted, env);
        }
        var result = JList.NewSequence();
        var nested = false;
        foreach (var item in input)
        {
            var res = Evaluate(step, item, env);
            if (step.Stages is not null)
            {
                foreach (var stage in step.Stages) { res = EvaluateFilter(stage.Filter!, res, env); }
            }
            if (res is not null)
            {
                result.Add(res);
                nested |= res is JList { Cons: false };
            }
        }
        if (lastStep && result.Count == 1 && result[0] is JList { Sequence: false } only)
        {
            return only;
        }
        if (!nested) { return result; }
        var flattened = JList.NewSequence();
        foreach (var res in result)
        {
            if (res is JList inner && !inner.Cons) { flattened.AddRange(inner); }
            else { flattened.Add(res); }
        }
        return flattened;
    }

    private JList EvaluateTupleStep(Node step, JList input, JList? tupleBindings, Frame env)
    {
        JList result;
        if (step.Type == NodeType.Sort)
        {
            if (tupleBindings is not null)
            {
                result = EvaluateSort(step, tupleBindings, env);
            }
            else
            {
                var sorted = EvaluateSort(step, input, env);
                result = JList.NewSequence();
                result.TupleStream = true;
                for (var i = 0; i < sorted.Count; i++)
                {
                    var tuple = new JObject { ["@"] = sorted[i] };
                    if (step.Index is not null) { tuple[step.Index] = (double)i; }
                    result.Add(tuple);
                }
            }
            return step.Stages is null ? result : EvaluateStages(step.Stages, result, env);
        }
        result = JList.NewSequence();
        result.TupleStream = true;
        if (tupleBindings is null)
        {
            tupleBindings = new JList(input.Count);
            foreach (var item in input) { tupleBindings.Add(new JObject { ["@"] = item }); }
        }
        foreach (var bindingObject in tupleBindings)
        {
            var binding = (JObject)bindingObject!;
            var stepEnv = FrameFromTuple(env, binding);
            var res = Evaluate(step, binding["@"], stepEnv);
            if (res is null) { continue; }
            var items = res as JList ?? new JList { res };
            for (var b = 0; b < items.Count; b++)
            {
                var tuple = new JObject(binding.Count + 2);
                foreach (var (key, value) in binding) { tuple[key] = value; }
                if (items.TupleStream)
                {
                    foreach (var (key, value) in (JObject)items[b]!) { tuple[key] = value; }
                }
                else
                {
                    if (step.Focus is not null)
                    {
                        tuple[step.Focus] = items[b];
                        tuple["@"] = binding["@"];
                    }
                    else
                    {
                        tuple["@"] = items[b];
                    }
                    if (step.Index is not null) { tuple[step.Index] = (double)b; }
                }
                result.Add(tuple);
            }
        }
        return step.Stages is null ? result : EvaluateStages(step.Stages, result, env);
    }

    private JList EvaluateStages(List<Stage> stages, JList input, Frame env)
    {
        var result = input;
        foreach (var stage in stages)
        {
            if (stage.IsIndex)
            {
                for (var i = 0; i < result.Count; i++) { ((JObject)result[i]!)[stage.IndexVariable!] = (double)i; }
            }
            else
            {
                result = EvaluateFilter(stage.Filter!, result, env);
            }
        }
        return result;
    }

    private static Frame FrameFromTuple(Frame env, JObject? tuple)
    {
        var frame = new Frame(env);
        if (tuple is null) { return frame; }
        foreach (var (key, value) in tuple) { frame.Bind(key, value); }
        return frame;
    }

    private static object? TupleContext(object? tuple) => tuple is JObject t && t.TryGetValue("@", out var value) ? value : null;

    private JList EvaluateFilter(Node predicate, object? input, Frame env)
    {
        var results = JList.NewSequence();
        var inputList = input as JList;
        if (inputList is { TupleStream: true }) { results.TupleStream = true; }
        inputList ??= JList.NewSequence(input);
        if (predicate.Type == NodeType.Number)
        {
            var index = (int)Math.Floor((double)predicate.Literal!);
            if (index < 0) { index = inputList.Count + index; }
            if (index >= 0 && index < inputList.Count)
            {
                var item = inputList[index];
                if (item is JList itemList) { return itemList; }
                if (item is not null) { results.Add(item); }
            }
            return results;
        }
        for (var index = 0; index < inputList.Count; index++)
        {
            var item = inputList[index];
            var context = item;
            var frame = env;
            if (inputList.TupleStream)
            {
                context = TupleContext(item);
                frame = FrameFromTuple(env, item as JObject);
            }
            var res = Evaluate(predicate, context, frame);
            if (Values.IsNumeric(res)) { res = new JList { res }; }
            if (res is JList resList && resList.Count > 0 && Values.IsArrayOfNumbers(resList))
            {
                foreach (var value in resList)
                {
                    var ii = (int)Math.Floor((double)value!);
                    if (ii < 0) { ii = inputList.Count + ii; }
                    if (ii == index) { results.Add(item); }
                }
            }
            else if (Library.Boolean(res) is true)
            {
                results.Add(item);
            }
        }
        return results;
    }

    private object? EvaluateBinary(Node expr, object? input, Frame env)
    {
        var lhs = Evaluate(expr.Lhs!, input, env);
        var op = expr.Value;
        try
        {
            if (op == "and")
            {
                return Values.Box(Boolize(lhs) && Boolize(Evaluate(expr.Rhs!, input, env)));
            }
            if (op == "or")
            {
                return Values.Box(Boolize(lhs) || Boolize(Evaluate(expr.Rhs!, input, env)));
            }
            var rhs = Evaluate(expr.Rhs!, input, env);
            return op switch
            {
                "+" or "-" or "*" or "/" or "%" => Arithmetic(lhs, rhs, op),
                "=" => Values.Box(lhs is not null && rhs is not null && Values.DeepEquals(lhs, rhs)),
                "!=" => Values.Box(lhs is not null && rhs is not null && !Values.DeepEquals(lhs, rhs)),
                "<" or "<=" or ">" or ">=" => Compare(lhs, rhs, op),
                "&" => (lhs is null ? "" : Library.String(lhs)) + (rhs is null ? "" : Library.String(rhs)),
                ".." => Range(lhs, rhs),
                "in" => Includes(lhs, rhs),
                _ => throw new JsonataException("S0204", $"Unknown operator: {op}", expr.Position),
            };
        }
        catch (JsonataException e) when (e.Position < 0)
        {
            e.Position = expr.Position;
            throw;
        }
    }

    private static bool Boolize(object? value) => Library.Boolean(value) is true;

    private static object? Arithmetic(object? lhs, object? rhs, string op)
    {
        if (lhs is not null && !Values.IsNumeric(lhs))
        {
            throw new JsonataException("T2001", $"The left side of the {op} operator must evaluate to a number");
        }
        if (rhs is not null && !Values.IsNumeric(rhs))
        {
            throw new JsonataException("T2002", $"The right side of the {op} operator must evaluate to a number");
        }
        if (lhs is null || rhs is null) { return null; }
        double l = (double)lhs, r = (double)rhs;
        return op switch
        {
            "+" => l + r,
            "-" => l - r,
            "*" => l * r,
            "/" => l / r,
            _ => l % r,
        };
    }

    private static object? Compare(object? lhs, object? rhs, string op)
    {
        var lok = lhs is null or string or double;
        var rok = rhs is null or string or double;
        if (!lok || !rok)
        {
            throw new JsonataException("T2010", $"The expressions either side of operator \"{op}\" must evaluate to numeric or string values");
        }
        if (lhs is null || rhs is null) { return null; }
        int cmp;
        if (lhs is double l && rhs is double r)
        {
            if (double.IsNaN(l) || double.IsNaN(r)) { return Values.False; }
            cmp = l.CompareTo(r);
        }
        else if (lhs is string ls && rhs is string rs)
        {
            cmp = string.CompareOrdinal(ls, rs);
        }
        else
        {
            throw new JsonataException("T2009", $"The values {Library.Describe(lhs)} and {Library.Describe(rhs)} either side of operator \"{op}\" must be of the same data type");
        }
        return Values.Box(op switch { "<" => cmp < 0, "<=" => cmp <= 0, ">" => cmp > 0, _ => cmp >= 0 });
    }

    private static object? Range(object? lhs, object? rhs)
    {
        if (lhs is not null && !Values.IsInteger(lhs))
        {
            throw new JsonataException("T2003", "The left side of the range operator (..) must evaluate to an integer");
        }
        if (rhs is not null && !Values.IsInteger(rhs))
        {
            throw new JsonataException("T2004", "The right side of the range operator (..) must evaluate to an integer");
        }
        if (lhs is null || rhs is null) { return null; }
        double from = (double)lhs, to = (double)rhs;
        if (from > to) { return null; }
        var size = to - from + 1;
        if (size > 1e7)
        {
            throw new JsonataException("D2014", $"The size of the sequence allocated by the range operator (..) must not exceed 1e7.  Attempted to allocate {JsNumber.Format(size)}.");
        }
        var result = new JList((int)size) { Sequence = true };
        for (var v = from; v <= to; v++) { result.Add(v); }
        return result;
    }

    private static object Includes(object? lhs, object? rhs)
    {
        if (lhs is null || rhs is null) { return Values.False; }
        if (rhs is not JList list) { return Values.Box(Values.StrictEquals(lhs, rhs)); }
        foreach (var item in list) { if (Values.StrictEquals(lhs, item)) { return Values.True; } }
        return Values.False;
    }

    private object? EvaluateUnary(Node expr, object? input, Frame env)
    {
        switch (expr.Value)
        {
            case "-":
            {
                var value = Evaluate(expr.Expression!, input, env);
                if (value is null) { return null; }
                if (Values.IsNumeric(value)) { return -(double)value; }
                throw new JsonataException("D1002", $"Cannot negate a non-numeric value: {Library.Describe(value)}", expr.Position);
            }
            case "[":
            {
                var result = new JList();
                foreach (var item in expr.Expressions!)
                {
                    var value = Evaluate(item, input, env);
                    if (value is null) { continue; }
                    if (item.Type == NodeType.Unary && item.Value == "[") { result.Add(value); }
                    else if (value is JList list) { result.AddRange(list); }
                    else { result.Add(value); }
                }
                if (expr.ConsArray) { result.Cons = true; }
                return result;
            }
            case "{":
                return EvaluateGroup(expr.Pairs!, expr.Position, input, env);
            default:
                throw new JsonataException("S0204", $"Unknown operator: {expr.Value}", expr.Position);
        }
    }

    private object EvaluateGroup(List<(Node Key, Node Value)> pairs, int position, object? input, Frame env)
    {
        var result = new JObject();
        var groups = new Dictionary<string, (object? Data, int PairIndex)>(StringComparer.Ordinal);
        var order = new List<string>();
        var reduce = input is JList { TupleStream: true };
        var items = input as JList ?? JList.NewSequence(input);
        if (items.Count == 0) { items = new JList { null }; }
        foreach (var item in items)
        {
            var frame = reduce ? FrameFromTuple(env, item as JObject) : env;
            for (var pairIndex = 0; pairIndex < pairs.Count; pairIndex++)
            {
                var key = Evaluate(pairs[pairIndex].Key, reduce ? TupleContext(item) : item, frame);
                if (key is null) { continue; }
                if (key is not string name)
                {
                    throw new JsonataException("T1003", $"Key in object structure must evaluate to a string; got: {Library.Describe(key)}", position);
                }
                if (groups.TryGetValue(name, out var existing))
                {
                    if (existing.PairIndex != pairIndex)
                    {
                        throw new JsonataException("D1009", $"Multiple key definitions evaluate to same key: \"{name}\"", position);
                    }
                    groups[name] = (Library.Append(existing.Data, item), pairIndex);
                }
                else
                {
                    groups[name] = (item, pairIndex);
                    order.Add(name);
                }
            }
        }
        foreach (var key in order)
        {
            var (data, pairIndex) = groups[key];
            var context = data;
            var frame = env;
            if (reduce)
            {
                var tuple = ReduceTuples(data);
                context = tuple["@"];
                tuple.Remove("@");
                frame = FrameFromTuple(env, tuple);
            }
            var value = Evaluate(pairs[pairIndex].Value, context, frame);
            if (value is not null) { result[key] = value; }
        }
        return result;
    }

    private static JObject ReduceTuples(object? data)
    {
        if (data is not JList list) { return new JObject(((JObject)data!).Count).Also((JObject)data!); }
        var result = new JObject();
        foreach (var (key, value) in (JObject)list[0]!) { result[key] = value; }
        for (var i = 1; i < list.Count; i++)
        {
            foreach (var (key, value) in (JObject)list[i]!)
            {
                result[key] = Library.Append(result.TryGetValue(key, out var existing) ? existing : null, value);
            }
        }
        return result;
    }

    private object? EvaluateCondition(Node expr, object? input, Frame env)
    {
        var condition = Evaluate(expr.Condition!, input, env);
        if (Library.Boolean(condition) is true) { return Evaluate(expr.Then!, input, env); }
        return expr.Else is null ? null : Evaluate(expr.Else, input, env);
    }

    private object? EvaluateBlock(Node expr, object? input, Frame env)
    {
        var frame = new Frame(env);
        object? result = null;
        foreach (var e in expr.Expressions!) { result = Evaluate(e, input, frame); }
        return result;
    }

    private object? EvaluateBind(Node expr, object? input, Frame env)
    {
        var value = Evaluate(expr.Rhs!, input, env);
        env.Bind(expr.Lhs!.Value, value);
        return value;
    }

    private object? EvaluateVariable(Node expr, object? input, Frame env)
    {
        if (expr.Value.Length == 0)
        {
            return input is JList { OuterWrapper: true } wrapper ? wrapper[0] : input;
        }
        return LookupVariable(env, expr.Value);
    }

    public object? LookupVariable(Frame env, string name)
    {
        if (env.TryLookup(name, out var value)) { return value; }
        return Library.TryGet(name, Options, out var function) ? function : null;
    }

    private static object? Lookup(object? input, string key)
    {
        if (input is JList list)
        {
            var result = JList.NewSequence();
            foreach (var item in list)
            {
                var res = Lookup(item, key);
                if (res is null) { continue; }
                if (res is JList inner) { result.AddRange(inner); }
                else { result.Add(res); }
            }
            return result;
        }
        return input is JObject obj && obj.TryGetValue(key, out var value) ? value : null;
    }

    private static JList EvaluateWildcard(object? input)
    {
        var results = JList.NewSequence();
        if (input is JList { OuterWrapper: true, Count: > 0 } wrapper) { input = wrapper[0]; }
        if (input is JObject obj)
        {
            foreach (var value in obj.Values)
            {
                if (value is JList list)
                {
                    var flat = new JList();
                    Flatten(list, flat);
                    var appended = new JList(results.Count + flat.Count);
                    appended.AddRange(results);
                    appended.AddRange(flat);
                    results = appended;
                }
                else
                {
                    results.Add(value);
                }
            }
        }
        return results;
    }

    private static void Flatten(object? value, JList into)
    {
        if (value is JList list) { foreach (var item in list) { Flatten(item, into); } }
        else { into.Add(value); }
    }

    private static object? EvaluateDescendants(object? input)
    {
        if (input is null) { return null; }
        var results = JList.NewSequence();
        Descend(input, results);
        return results.Count == 1 ? results[0] : results;
    }

    private static void Descend(object? input, JList results)
    {
        if (input is JList list)
        {
            foreach (var item in list) { Descend(item, results); }
            return;
        }
        results.Add(input);
        if (input is JObject obj)
        {
            foreach (var value in obj.Values) { Descend(value, results); }
        }
    }
}
