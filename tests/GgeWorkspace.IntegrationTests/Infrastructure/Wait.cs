namespace GgeWorkspace.IntegrationTests.Infrastructure;

/// <summary>Waits for something that happens asynchronously (a broadcast, a projection), failing with what it waited for.</summary>
public static class Wait
{
    public static async Task UntilAsync(Func<bool> done, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!done())
        {
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"Gave up waiting: {what}");
            await Task.Delay(20);
        }
    }

    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var value = await probe();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new Xunit.Sdk.XunitException($"Gave up waiting: {what}");
            await Task.Delay(100);
        }
    }
}
