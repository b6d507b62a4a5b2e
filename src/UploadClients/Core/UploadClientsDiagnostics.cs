namespace UploadClients;

/// <summary>
/// The names to subscribe to for traces and metrics (OpenTelemetry:
/// <c>.AddSource(UploadClientsDiagnostics.ActivitySourceName)</c>,
/// <c>.AddMeter(UploadClientsDiagnostics.MeterName)</c>).
/// </summary>
/// <remarks>
/// <para>Spans: one per API call (<c>{Provider}.{Operation}</c>, including the Talkdesk signed-URL PUT
/// and each status read of a wait) and one per wait (<c>{Provider}.Wait</c>), tagged
/// <c>uploadclients.provider</c>, <c>uploadclients.operation</c>, <c>http.response.status_code</c>,
/// <c>uploadclients.status</c> and <c>error.type</c>. Metrics: <c>uploadclients.uploads</c>,
/// <c>uploadclients.bytes_sent</c>, <c>uploadclients.retries</c>, <c>uploadclients.polls</c>,
/// <c>uploadclients.drift</c> (answers that lacked a documented member or carried a status the docs do
/// not list, by <c>uploadclients.shape</c>, <c>uploadclients.path</c> and <c>uploadclients.drift.kind</c>)
/// and the histogram <c>uploadclients.time_to_terminal</c> (seconds). No tag, span or log line carries a
/// credential, a token, a signed URL's query or a callback header.</para>
/// </remarks>
public static class UploadClientsDiagnostics
{
    /// <summary>The <see cref="System.Diagnostics.ActivitySource"/> name: <c>UploadClients</c>.</summary>
    public const string ActivitySourceName = "UploadClients";

    /// <summary>The <see cref="System.Diagnostics.Metrics.Meter"/> name: <c>UploadClients</c>.</summary>
    public const string MeterName = "UploadClients";

    /// <summary>
    /// The prefix of every log category the SDK writes to: <c>UploadClients</c>. Filter on it to set
    /// the level of all three providers at once (<c>"Logging": { "LogLevel": { "UploadClients": "Warning" } }</c>).
    /// </summary>
    public const string LogCategoryPrefix = "UploadClients";

    /// <summary>The log category of OptimalDial's client and webhook endpoints: <c>UploadClients.OptimalDial</c>.</summary>
    public const string OptimalDialLogCategory = LogCategoryPrefix + ".OptimalDial";

    /// <summary>The log category of OrbitSearch's client: <c>UploadClients.OrbitSearch</c>.</summary>
    public const string OrbitSearchLogCategory = LogCategoryPrefix + ".OrbitSearch";

    /// <summary>The log category of Talkdesk's client and its OAuth token requests: <c>UploadClients.Talkdesk</c>.</summary>
    public const string TalkdeskLogCategory = LogCategoryPrefix + ".Talkdesk";

    /// <summary>The one place a provider's log category (and resilience pipeline name) is made.</summary>
    /// <param name="provider">The provider's name, as in <see cref="UploadProviderOptions.ProviderName"/>.</param>
    internal static string LogCategory(string provider) => LogCategoryPrefix + "." + provider;
}
