namespace UploadClients;

/// <summary>A provider's complaint about one field of a request.</summary>
/// <param name="Name">The field's name as the provider reports it.</param>
/// <param name="Description">What is wrong with it.</param>
public sealed record UploadFieldError(string Name, string Description);
