using System.Threading.RateLimiting;

namespace UploadClients;

/// <summary>The rate-limit leases the SDK's limiters hand out (here and in UploadClients.Redis).</summary>
internal static class Leases
{
    /// <summary>A refused lease: no permit.</summary>
    internal static RateLimitLease Refused { get; } = new Fixed(acquired: false);

    /// <summary>A lease for a request no limit applies to.</summary>
    internal static RateLimitLease Unlimited { get; } = new Fixed(acquired: true);

    /// <summary>A granted lease that runs <paramref name="onDispose"/> once, when it is disposed.</summary>
    internal static RateLimitLease Granted(Action onDispose) => new Callback(onDispose);

    private sealed class Fixed(bool acquired) : RateLimitLease
    {
        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }

    private sealed class Callback(Action onDispose) : RateLimitLease
    {
        private int _disposed;

        public override bool IsAcquired => true;

        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }

        protected override void Dispose(bool disposing)
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                onDispose();
            }

            base.Dispose(disposing);
        }
    }
}
