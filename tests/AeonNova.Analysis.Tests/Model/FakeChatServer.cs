using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AeonNova.Analysis.Tests.Model;

/// <summary>
/// A minimal OpenAI-compatible HTTP endpoint on 127.0.0.1 (random port): records each request body and answers
/// with a canned status and body, then closes the connection.
/// </summary>
internal sealed class FakeChatServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly int _status;
    private readonly string _body;

    public FakeChatServer(int status, string body)
    {
        _status = status;
        _body = body;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public Uri BaseUrl => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/v1/");

    public List<(string RequestLine, string Body)> Requests { get; } = [];

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            using (client)
            {
                var stream = client.GetStream();
                var (requestLine, body) = await ReadRequestAsync(stream);
                lock (Requests)
                {
                    Requests.Add((requestLine, body));
                }
                var payload = Encoding.UTF8.GetBytes(_body);
                var head = $"HTTP/1.1 {_status} X\r\nContent-Type: application/json\r\nContent-Length: {payload.Length}\r\nConnection: close\r\n\r\n";
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
                await stream.WriteAsync(payload);
            }
        }
    }

    private static async Task<(string, string)> ReadRequestAsync(NetworkStream stream)
    {
        var buffer = new List<byte>();
        var chunk = new byte[8192];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(buffer)) < 0)
        {
            var n = await stream.ReadAsync(chunk);
            if (n == 0)
            {
                return ("", "");
            }
            buffer.AddRange(chunk.AsSpan(0, n).ToArray());
        }
        var head = Encoding.ASCII.GetString([.. buffer.Take(headerEnd)]);
        var length = head.Split("\r\n")
            .Where(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
            .Select(l => int.Parse(l["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();
        while (buffer.Count < headerEnd + 4 + length)
        {
            var n = await stream.ReadAsync(chunk);
            if (n == 0)
            {
                break;
            }
            buffer.AddRange(chunk.AsSpan(0, n).ToArray());
        }
        return (head.Split("\r\n")[0], Encoding.UTF8.GetString([.. buffer.Skip(headerEnd + 4).Take(length)]));
    }

    private static int IndexOfHeaderEnd(List<byte> buffer)
    {
        for (var i = 0; i + 3 < buffer.Count; i++)
        {
            if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n')
            {
                return i;
            }
        }
        return -1;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
