namespace UploadClients.Tests.Core;

public class Redaction_removes_credentials_and_signatures
{
    [Theory]
    [InlineData("Authorization: Bearer abc.def-ghi", "abc.def-ghi")]
    [InlineData("key od_live_secret123 was refused", "secret123")]
    [InlineData("see https://bucket.s3.amazonaws.com/x.csv?X-Amz-Signature=deadbeef&X-Amz-Credential=AKIA", "deadbeef")]
    [InlineData("{\"access_token\": \"tok-123\"}", "tok-123")]
    [InlineData("<Error><SignatureProvided>sig999</SignatureProvided></Error>", "sig999")]
    public void Patterns_are_masked(string text, string secret)
    {
        var redacted = Redactor.Redact(text);
        Assert.DoesNotContain(secret, redacted);
        Assert.Contains(Redactor.Mask, redacted);
    }

    [Fact]
    public void Known_secret_values_are_masked_wherever_they_appear()
    {
        Assert.Equal("token *** here", Redactor.Redact("token my-plain-secret here", ["my-plain-secret"]));
    }

    [Fact]
    public void Long_text_is_truncated()
    {
        var redacted = Redactor.Redact(new string('x', 10_000));
        Assert.True(redacted.Length < 2100);
        Assert.EndsWith("(truncated)", redacted);
    }

    [Fact]
    public void Urls_lose_their_query()
    {
        Assert.Equal("https://h.example/p/a.csv?***", Redactor.RedactUrl(new Uri("https://h.example/p/a.csv?sig=1")));
        Assert.Equal("https://h.example/p", Redactor.RedactUrl(new Uri("https://h.example/p")));
    }
}
