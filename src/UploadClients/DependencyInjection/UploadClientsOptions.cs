using UploadClients.OptimalDial;
using UploadClients.OrbitSearch;
using UploadClients.Talkdesk;

namespace UploadClients;

/// <summary>Settings of all providers (configuration section <c>UploadClients</c>).</summary>
public sealed class UploadClientsOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "UploadClients";

    /// <summary>OptimalDial settings (<c>UploadClients:OptimalDial</c>).</summary>
    public OptimalDialOptions OptimalDial { get; set; } = new();

    /// <summary>OrbitSearch settings (<c>UploadClients:OrbitSearch</c>).</summary>
    public OrbitSearchOptions OrbitSearch { get; set; } = new();

    /// <summary>Talkdesk settings (<c>UploadClients:Talkdesk</c>).</summary>
    public TalkdeskOptions Talkdesk { get; set; } = new();

    /// <inheritdoc />
    /// <summary>Problems found while binding from configuration (an enum value that is none of its names), reported by validation with the rest.</summary>
    internal List<string> ConfigurationProblems { get; } = [];

    /// <inheritdoc />
    public override string ToString() => $"UploadClientsOptions {{ OptimalDial = {OptimalDial}, OrbitSearch = {OrbitSearch}, Talkdesk = {Talkdesk} }}";
}
