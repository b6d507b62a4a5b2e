namespace UploadClients.Tests.Journal;

/// <summary>Stops an upload's flow at a step boundary, in this process, as a killed process would leave it.</summary>
internal static class Stop
{
    /// <summary>The named step boundaries of Talkdesk's flows (an upload request, a new list), in order.</summary>
    public static TheoryData<string> TalkdeskPoints => new(
        UploadOperations.SendingRecorded,
        UploadOperations.Answered,
        UploadOperations.CreatedRecorded,
        UploadOperations.PutAnswered,
        UploadOperations.UploadedRecorded,
        UploadOperations.ValidationSendingRecorded,
        UploadOperations.ValidationAnswered,
        UploadOperations.ValidationRecorded,
        UploadOperations.CompletedRecorded);

    /// <summary>Runs <paramref name="run"/> until the flow reaches <paramref name="point"/>, and stops it there (the step hook throws).</summary>
    public static async Task AtAsync(string point, Func<Task> run)
    {
        UploadOperations.StepHook.Value = p =>
        {
            if (p == point)
            {
                throw new Crash();
            }
        };
        try
        {
            await Assert.ThrowsAsync<Crash>(run);
        }
        finally
        {
            UploadOperations.StepHook.Value = null;
        }
    }

    private sealed class Crash : Exception;
}
