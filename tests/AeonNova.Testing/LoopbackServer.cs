using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace AeonNova.Testing;

/// <summary>
/// The one way tests run a fake HTTP service (fake Slack, fake Bot Framework, test OpenID provider): a slim Kestrel
/// app on a free loopback port, without logging, its routes added by the caller before it starts.
/// </summary>
public static class LoopbackServer
{
    /// <summary>A TCP port free on the IPv4 loopback at the time of the call.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Starts the app; <paramref name="map"/> gets it and its base URL (no trailing slash) to add routes.</summary>
    /// <param name="hostName">"127.0.0.1" (IPv4 loopback) or "localhost" (both loopbacks, for issuers named localhost).</param>
    public static async Task<WebApplication> StartAsync(Action<WebApplication, string> map, string hostName = "127.0.0.1")
    {
        ArgumentNullException.ThrowIfNull(map);
        var port = FreePort();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (hostName == "localhost")
            {
                kestrel.ListenLocalhost(port);
            }
            else
            {
                kestrel.Listen(IPAddress.Parse(hostName), port);
            }
        });
        builder.Logging.ClearProviders();
        var app = builder.Build();
        map(app, $"http://{hostName}:{port}");
        await app.StartAsync();
        return app;
    }
}
