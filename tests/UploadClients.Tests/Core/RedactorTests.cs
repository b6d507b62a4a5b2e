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

public class A_password_in_an_address_userinfo_is_a_secret
{
    private const string Password = "S3cretPw";

    [Fact]
    public void Everywhere_an_address_is_printed()
    {
        var address = new Uri($"https://svc:{Password}@api.optimaldial.example/v1/?sig=abc");
        var options = new UploadClients.OptimalDial.OptimalDialOptions { ApiKey = "od_live_x_123456", BaseAddress = new Uri($"http://svc:{Password}@api.optimaldial.example/") };
        var callback = new UploadClients.Talkdesk.TalkdeskCallbackAction { Endpoint = new Uri($"https://hook:{Password}@hooks.example.com/td"), Method = "POST" };

        var texts = new[]
        {
            Redactor.RedactUrl(address),
            Redactor.Redact($"GET https://svc:{Password}@api.example.com/x failed; see http://a:{Password}@b.example/"),
            options.ToString(),
            string.Join(" ", options.Validate()), // "must use https (it is '…')"
            callback.ToString(),
        };

        Assert.All(texts, t => Assert.DoesNotContain(Password, t, StringComparison.Ordinal));
        Assert.Equal("https://***@api.optimaldial.example/v1/?***", texts[0]);
        Assert.Contains("must use https (it is 'http://***@api.optimaldial.example/')", texts[3]);
        Assert.Contains("https://***@api.example.com/x", texts[1]);
    }
}
