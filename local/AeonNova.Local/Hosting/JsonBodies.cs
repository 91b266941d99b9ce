using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace AeonNova.Local.Hosting;

/// <summary>JSON responses of the local API: written with Utf8JsonWriter, errors as {"error","message"}.</summary>
internal static class JsonBodies
{
    public static async Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json; charset=utf-8";
        // Kestrel allows only asynchronous writes: build the body in memory, then send it.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(1024);
        await using (var writer = new Utf8JsonWriter(buffer))
        {
            body(writer);
        }
        await context.Response.Body.WriteAsync(buffer.WrittenMemory, context.RequestAborted);
    }

    public static Task ErrorAsync(HttpContext context, int status, string error, string message) =>
        WriteAsync(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", error);
            w.WriteString("message", message);
            w.WriteEndObject();
        });

    /// <summary>
    /// Task tokens must never leave the engine (they would let anyone complete the approval). They appear in
    /// WaitForApproval's parameters, so every property whose name mentions a token is blanked before output.
    /// </summary>
    public static JsonNode? Redact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (name.Contains("token", StringComparison.OrdinalIgnoreCase))
                    {
                        obj[name] = "[redacted]";
                    }
                    else
                    {
                        Redact(value);
                    }
                }
                // SNS message attributes carry the token as {"taskToken": {"StringValue": …}}: covered by the name check.
                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Redact(item);
                }
                break;
        }
        return node;
    }
}
