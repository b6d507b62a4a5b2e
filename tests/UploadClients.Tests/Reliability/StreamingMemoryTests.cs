using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using UploadClients.OptimalDial;
using UploadClients.Tests.Infrastructure;
using Xunit.Abstractions;

namespace UploadClients.Tests.Reliability;

/// <summary>Runs alone: it measures the process's allocations.</summary>
[CollectionDefinition(nameof(AllocationMeasurement), DisableParallelization = true)]
public sealed class AllocationMeasurement;

[Collection(nameof(AllocationMeasurement))]
public class A_100_MB_upload_is_streamed_not_buffered(ITestOutputHelper output)
{
    [Fact]
    public async Task Allocations_stay_far_below_the_file_size()
    {
        const long size = 100L * 1024 * 1024 - 4096;
        var path = TestCsv.WriteLarge(size);
        try
        {
            var sink = new DrainingHandler();
            using var services = new ServiceCollection()
                .AddUploadClients(o =>
                {
                    o.OptimalDial.ApiKey = "od_live_measure_0000";
                    o.OptimalDial.BaseAddress = new Uri("http://127.0.0.1:9/");
                })
                .AddHttpClient(UploadClientsServiceCollectionExtensions.OptimalDialHttpClientName).ConfigurePrimaryHttpMessageHandler(() => sink).Services
                .BuildServiceProvider();
            var client = services.GetRequiredService<IOptimalDialClient>();
            var file = UploadFile.FromPath(path);

            // Warm up JIT and pools on a small file first, so the measurement is the upload itself.
            await client.CreateUploadAsync(new OptimalDialUploadRequest { File = UploadFile.FromBytes(TestCsv.Contacts(), "w.csv"), PhoneColumn = "phone" });
            GC.Collect();
            var before = GC.GetTotalAllocatedBytes(precise: true);
            await client.CreateUploadAsync(new OptimalDialUploadRequest { File = file, PhoneColumn = "phone" });
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

            output.WriteLine($"A {size:N0}-byte upload through CreateUploadAsync allocated {allocated:N0} bytes ({sink.BytesDrained:N0} bytes on the wire).");
            Assert.True(sink.BytesDrained > size, $"drained {sink.BytesDrained}");
            Assert.True(allocated < 4 * 1024 * 1024, $"allocated {allocated:N0} bytes for a {size:N0}-byte upload");
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A transport that reads the request body to nowhere and answers with an Upload.</summary>
    private sealed class DrainingHandler : HttpMessageHandler
    {
        private static readonly byte[] Response = Encoding.UTF8.GetBytes(
            "{\"id\":\"3c90c3cc-0d44-4b50-8888-8dd25736052a\",\"user_id\":\"3c90c3cc-0d44-4b50-8888-8dd25736052a\",\"original_filename\":\"a.csv\"," +
            "\"storage_path\":\"p\",\"status\":\"validating\",\"created_at\":\"2023-11-07T05:31:56Z\",\"updated_at\":\"2023-11-07T05:31:56Z\"}");

        private readonly byte[] _buffer = new byte[81920];

        public long BytesDrained { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var stream = new CountingNullStream();
            await request.Content!.CopyToAsync(stream, cancellationToken);
            BytesDrained = stream.Count;
            return new HttpResponseMessage(HttpStatusCode.Created) { Content = new ByteArrayContent(Response), RequestMessage = request };
        }
    }

    private sealed class CountingNullStream : Stream
    {
        public long Count { get; private set; }

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => Count;

        public override long Position { get => Count; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Count += count;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Count += buffer.Length;
            return ValueTask.CompletedTask;
        }
    }
}
