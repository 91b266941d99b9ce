using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AeonNova.StepFunctions.Json;
using AeonNova.StepFunctions.Runtime;

namespace AeonNova.StepFunctions.Intrinsics;

/// <summary>
/// The States.* intrinsic functions with Step Functions' argument rules; misuse raises States.IntrinsicFailure.
/// </summary>
internal static class IntrinsicFunctions
{
    private const int MaxStringInput = 10_000;
    private const int MaxRangeItems = 1_000;

    public static readonly IReadOnlyDictionary<string, (int Min, int Max)> Arity = new Dictionary<string, (int, int)>(StringComparer.Ordinal)
    {
        ["States.Format"] = (1, int.MaxValue),
        ["States.StringToJson"] = (1, 1),
        ["States.JsonToString"] = (1, 1),
        ["States.Array"] = (0, int.MaxValue),
        ["States.ArrayPartition"] = (2, 2),
        ["States.ArrayContains"] = (2, 2),
        ["States.ArrayRange"] = (3, 3),
        ["States.ArrayGetItem"] = (2, 2),
        ["States.ArrayLength"] = (1, 1),
        ["States.ArrayUnique"] = (1, 1),
        ["States.Base64Encode"] = (1, 1),
        ["States.Base64Decode"] = (1, 1),
        ["States.Hash"] = (2, 2),
        ["States.JsonMerge"] = (3, 3),
        ["States.MathRandom"] = (2, 3),
        ["States.MathAdd"] = (2, 2),
        ["States.StringSplit"] = (2, 2),
        ["States.UUID"] = (0, 0),
    };

    public static JsonNode? Invoke(IntrinsicCall call, in EvalScope scope)
    {
        var args = new JsonNode?[call.Args.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = call.Args[i].Evaluate(scope);
        }
        return call.Name switch
        {
            "States.Format" => Format(call, args),
            "States.StringToJson" => StringToJson(call, args),
            "States.JsonToString" => JsonValue.Create(JsonNodes.ToJson(args[0])),
            "States.Array" => new JsonArray([.. args.Select(JsonNodes.Copy)]),
            "States.ArrayPartition" => ArrayPartition(call, args),
            "States.ArrayContains" => JsonValue.Create(Array(call, args, 0).Any(item => JsonNodes.DeepEquals(item, args[1]))),
            "States.ArrayRange" => ArrayRange(call, args),
            "States.ArrayGetItem" => ArrayGetItem(call, args),
            "States.ArrayLength" => JsonValue.Create(Array(call, args, 0).Count),
            "States.ArrayUnique" => ArrayUnique(call, args),
            "States.Base64Encode" => JsonValue.Create(Convert.ToBase64String(Encoding.UTF8.GetBytes(LimitedString(call, args, 0)))),
            "States.Base64Decode" => Base64Decode(call, args),
            "States.Hash" => Hash(call, args),
            "States.JsonMerge" => JsonMerge(call, args),
            "States.MathRandom" => MathRandom(call, args, scope.Random),
            "States.MathAdd" => MathAdd(call, args),
            "States.StringSplit" => StringSplit(call, args),
            "States.UUID" => JsonValue.Create(NewUuid(scope.Random)),
            _ => throw Failure(call, "is not a known intrinsic function"),
        };
    }

    private static StatesErrorException Failure(IntrinsicCall call, string message) =>
        new(StatesErrors.IntrinsicFailure, $"Invalid arguments in {call.Name}: {message} (in '{call.Text}')");

    private static JsonNode? Format(IntrinsicCall call, JsonNode?[] args)
    {
        IReadOnlyList<string> parts;
        if (call.Args[0] is LiteralArg { FormatParts: { } literalParts })
        {
            parts = literalParts;
        }
        else if (JsonNodes.IsString(args[0], out var template))
        {
            parts = template.Split("{}");
        }
        else
        {
            throw Failure(call, $"the template must be a string, not {JsonNodes.TypeName(args[0])}");
        }
        var placeholders = parts.Count - 1;
        if (placeholders != args.Length - 1)
        {
            throw Failure(call, $"the template has {placeholders} '{{}}' placeholder(s) but {args.Length - 1} value argument(s) were given");
        }
        var sb = new StringBuilder(parts[0]);
        for (var i = 1; i < args.Length; i++)
        {
            var value = args[i];
            switch (JsonNodes.Kind(value))
            {
                case JsonValueKind.String:
                    sb.Append(value!.GetValue<string>());
                    break;
                default:
                    AppendFormatted(sb, value);
                    break;
            }
            sb.Append(parts[i]);
        }
        return JsonValue.Create(sb.ToString());
    }

    /// <summary>
    /// A States.Format value as AWS renders it: scalars as their JSON text, objects as <c>{key=value, …}</c> and arrays
    /// as <c>[value, …]</c> with strings inside them unquoted (recorded on AWS: <c>{Arg1=1, Arg2=[]}</c>, issue #22).
    /// </summary>
    private static void AppendFormatted(StringBuilder sb, JsonNode? value)
    {
        switch (value)
        {
            case JsonObject obj:
                sb.Append('{');
                var first = true;
                foreach (var (key, member) in obj)
                {
                    if (!first) { sb.Append(", "); }
                    first = false;
                    sb.Append(key).Append('=');
                    AppendFormatted(sb, member);
                }
                sb.Append('}');
                break;
            case JsonArray array:
                sb.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) { sb.Append(", "); }
                    AppendFormatted(sb, array[i]);
                }
                sb.Append(']');
                break;
            default:
                sb.Append(JsonNodes.IsString(value, out var text) ? text : JsonNodes.ToJson(value));
                break;
        }
    }

    private static JsonNode? StringToJson(IntrinsicCall call, JsonNode?[] args)
    {
        if (!JsonNodes.IsString(args[0], out var text)) { throw Failure(call, $"the argument must be a string, not {JsonNodes.TypeName(args[0])}"); }
        if (text.Length == 0) { return null; } // AWS returns null for an empty string
        try
        {
            return JsonNodes.Parse(text);
        }
        catch (JsonException ex)
        {
            throw Failure(call, $"the string is not valid JSON ({ex.Message})");
        }
    }

    private static JsonArray Array(IntrinsicCall call, JsonNode?[] args, int index) =>
        args[index] as JsonArray ?? throw Failure(call, $"argument {index + 1} must be an array, not {JsonNodes.TypeName(args[index])}");

    private static long Integer(IntrinsicCall call, JsonNode?[] args, int index)
    {
        if (!JsonNodes.IsInteger(args[index], out var value) || value < int.MinValue || value > int.MaxValue)
        {
            throw Failure(call, $"argument {index + 1} must be an integer, not {JsonNodes.ToJson(args[index])}");
        }
        return value;
    }

    private static string String(IntrinsicCall call, JsonNode?[] args, int index) =>
        JsonNodes.IsString(args[index], out var value) ? value : throw Failure(call, $"argument {index + 1} must be a string, not {JsonNodes.TypeName(args[index])}");

    private static string LimitedString(IntrinsicCall call, JsonNode?[] args, int index)
    {
        var value = String(call, args, index);
        return value.Length <= MaxStringInput ? value : throw Failure(call, $"argument {index + 1} is longer than {MaxStringInput} characters");
    }

    private static JsonNode ArrayPartition(IntrinsicCall call, JsonNode?[] args)
    {
        var array = Array(call, args, 0);
        var size = Integer(call, args, 1);
        if (size <= 0) { throw Failure(call, "the chunk size must be a positive integer"); }
        var result = new JsonArray();
        JsonArray? chunk = null;
        foreach (var item in array)
        {
            if (chunk is null || chunk.Count == size)
            {
                chunk = [];
                result.Add(chunk);
            }
            chunk.Add(JsonNodes.Copy(item));
        }
        return result;
    }

    private static JsonNode ArrayRange(IntrinsicCall call, JsonNode?[] args)
    {
        var start = Integer(call, args, 0);
        var end = Integer(call, args, 1);
        var step = Integer(call, args, 2);
        if (step == 0) { throw Failure(call, "the step must not be 0"); }
        var count = end == start ? 1 : (end - start) / step + 1;
        if (count <= 0) { return new JsonArray(); }
        if (count > MaxRangeItems) { throw Failure(call, $"the range would have {count} items; at most {MaxRangeItems} are allowed"); }
        var result = new JsonArray();
        for (var value = start; step > 0 ? value <= end : value >= end; value += step)
        {
            result.Add(value);
        }
        return result;
    }

    private static JsonNode? ArrayGetItem(IntrinsicCall call, JsonNode?[] args)
    {
        var array = Array(call, args, 0);
        var index = Integer(call, args, 1);
        if (index < 0 || index >= array.Count) { throw Failure(call, $"index {index} is outside the array of length {array.Count}"); }
        return JsonNodes.Copy(array[(int)index]);
    }

    private static JsonNode ArrayUnique(IntrinsicCall call, JsonNode?[] args)
    {
        var result = new JsonArray();
        var seen = new List<JsonNode?>();
        foreach (var item in Array(call, args, 0))
        {
            if (seen.Any(s => JsonNodes.DeepEquals(s, item))) { continue; }
            seen.Add(item);
            result.Add(JsonNodes.Copy(item));
        }
        return result;
    }

    private static JsonNode Base64Decode(IntrinsicCall call, JsonNode?[] args)
    {
        var text = LimitedString(call, args, 0);
        try
        {
            return JsonValue.Create(Encoding.UTF8.GetString(Convert.FromBase64String(text)));
        }
        catch (FormatException)
        {
            throw Failure(call, "the argument is not valid base64");
        }
    }

    private static JsonNode Hash(IntrinsicCall call, JsonNode?[] args)
    {
        var data = Encoding.UTF8.GetBytes(LimitedString(call, args, 0));
        var algorithm = String(call, args, 1);
        var hash = algorithm switch
        {
#pragma warning disable CA5351 // MD5 is part of the States.Hash contract, not used for security here.
            "MD5" => MD5.HashData(data),
#pragma warning restore CA5351
#pragma warning disable CA5350 // SHA-1 likewise.
            "SHA-1" => SHA1.HashData(data),
#pragma warning restore CA5350
            "SHA-256" => SHA256.HashData(data),
            "SHA-384" => SHA384.HashData(data),
            "SHA-512" => SHA512.HashData(data),
            _ => throw Failure(call, $"'{algorithm}' is not a supported algorithm (MD5, SHA-1, SHA-256, SHA-384, SHA-512)"),
        };
        return JsonValue.Create(Convert.ToHexStringLower(hash));
    }

    private static JsonNode JsonMerge(IntrinsicCall call, JsonNode?[] args)
    {
        if (args[0] is not JsonObject left) { throw Failure(call, $"argument 1 must be an object, not {JsonNodes.TypeName(args[0])}"); }
        if (args[1] is not JsonObject right) { throw Failure(call, $"argument 2 must be an object, not {JsonNodes.TypeName(args[1])}"); }
        if (!JsonNodes.IsBoolean(args[2], out var deep)) { throw Failure(call, "argument 3 must be a boolean"); }
        if (deep) { throw Failure(call, "only shallow merging is supported: the third argument must be false"); }
        var merged = new JsonObject();
        foreach (var (key, value) in left) { merged[key] = JsonNodes.Copy(value); }
        foreach (var (key, value) in right) { merged[key] = JsonNodes.Copy(value); }
        return merged;
    }

    private static JsonNode MathRandom(IntrinsicCall call, JsonNode?[] args, Random random)
    {
        var start = Integer(call, args, 0);
        var end = Integer(call, args, 1);
        if (end <= start) { throw Failure(call, "the end must be greater than the start"); }
        var source = args.Length == 3 ? new Random((int)Integer(call, args, 2)) : random;
        return JsonValue.Create(source.NextInt64(start, end));
    }

    private static JsonNode MathAdd(IntrinsicCall call, JsonNode?[] args)
    {
        var sum = Rounded(call, args, 0) + Rounded(call, args, 1);
        if (sum < int.MinValue || sum > int.MaxValue) { throw Failure(call, "the sum is outside the 32-bit integer range"); }
        return JsonValue.Create(sum);
    }

    /// <summary>
    /// A States.MathAdd argument. AWS docs (Intrinsic functions, States.MathAdd, "Input validation"): a non-integer value
    /// is rounded off to the nearest integer, so States.MathAdd(1.49, 1.5) is 1 + 2 = 3 (also recorded on AWS, issue #22).
    /// The docs do not say which way a tie goes; we round it up (1.5 → 2, -1.5 → -1).
    /// </summary>
    private static long Rounded(IntrinsicCall call, JsonNode?[] args, int index)
    {
        if (!JsonNodes.IsNumber(args[index], out var number))
        {
            throw Failure(call, $"argument {index + 1} must be a number, not {JsonNodes.TypeName(args[index])}");
        }
        var rounded = Math.Floor(number + 0.5);
        if (rounded < int.MinValue || rounded > int.MaxValue)
        {
            throw Failure(call, $"argument {index + 1} ({JsonNodes.ToJson(args[index])}) is outside the 32-bit integer range");
        }
        return (long)rounded;
    }

    private static JsonNode StringSplit(IntrinsicCall call, JsonNode?[] args)
    {
        var text = String(call, args, 0);
        var delimiters = String(call, args, 1);
        var result = new JsonArray();
        var pieces = delimiters.Length == 0 ? [text] : text.Split(delimiters.ToCharArray(), StringSplitOptions.RemoveEmptyEntries);
        foreach (var piece in pieces) { result.Add(piece); }
        return result;
    }

    private static string NewUuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexStringLower(bytes);
        return string.Create(CultureInfo.InvariantCulture, $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}");
    }
}
