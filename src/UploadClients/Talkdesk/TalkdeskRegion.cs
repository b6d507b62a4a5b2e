namespace UploadClients.Talkdesk;

/// <summary>The Talkdesk region of an account: it sets the API address and the token host together.</summary>
public enum TalkdeskRegion
{
    /// <summary>US: https://api.talkdeskapp.com, tokens at https://{account}.talkdeskid.com.</summary>
    Us,

    /// <summary>EU: https://api.talkdeskapp.eu, tokens at https://{account}.talkdeskid.eu.</summary>
    Eu,

    /// <summary>Canada: https://api.talkdeskappca.com, tokens at https://{account}.talkdeskidca.com.</summary>
    Ca,
}
