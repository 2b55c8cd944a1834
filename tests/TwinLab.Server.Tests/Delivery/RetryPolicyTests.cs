using TwinLab.Server.Routing.Delivery;

namespace TwinLab.Server.Tests.Delivery;

public sealed class RetryPolicyTests
{
    [Fact]
    public void Backoff_DoublesFromOneSecond_CappedAtFiveMinutes_WithinTwentyPercentJitter()
    {
        var policy = RetryPolicy.Default;
        var random = new Random(42);
        for (var attempt = 1; attempt <= 20; attempt++)
        {
            var nominal = Math.Min(300, Math.Pow(2, attempt - 1));
            var wait = policy.Backoff(attempt, random).TotalSeconds;
            Assert.InRange(wait, nominal * 0.8, Math.Min(300, nominal * 1.2));
        }
    }

    [Fact]
    public void Backoff_SameSeed_SameWaits_OtherSeed_OtherWaits()
    {
        static double[] Waits(int seed)
        {
            var random = new Random(seed);
            return [.. Enumerable.Range(1, 8).Select(n => RetryPolicy.Default.Backoff(n, random).TotalMilliseconds)];
        }
        Assert.Equal(Waits(7), Waits(7));
        Assert.NotEqual(Waits(7), Waits(8));
    }

    [Fact]
    public void Backoff_RetryAfterLongerThanTheBackoff_IsHonoured_ShorterIsNot()
    {
        var random = new Random(1);
        Assert.Equal(TimeSpan.FromSeconds(120), RetryPolicy.Default.Backoff(1, random, TimeSpan.FromSeconds(120)));
        Assert.True(RetryPolicy.Default.Backoff(6, random, TimeSpan.FromSeconds(1)) > TimeSpan.FromSeconds(20));
    }

    [Theory]
    [InlineData(null, 1_000, 86_399, false)]
    [InlineData(null, 1, 86_400, true)]
    [InlineData(3, 2, 10, false)]
    [InlineData(3, 3, 10, true)]
    public void GivesUp_AtMaxAttemptsOrMaxAge(int? maxAttempts, int failed, int ageSeconds, bool expected) =>
        Assert.Equal(expected, (RetryPolicy.Default with { MaxAttempts = maxAttempts }).GivesUp(failed, TimeSpan.FromSeconds(ageSeconds)));

    [Theory]
    [InlineData(0, 1, 300, 86400, "retry.maxAttempts")]
    [InlineData(null, 0, 300, 86400, "retry.initialBackoffSeconds")]
    [InlineData(null, 10, 5, 86400, "retry.maxBackoffSeconds")]
    [InlineData(null, 1, 300, 0, "retry.maxAgeSeconds")]
    [InlineData(null, 1, 300, 700_000, "retry.maxAgeSeconds")]
    public void Problem_NamesTheField(int? attempts, double initial, double max, double age, string field) =>
        Assert.StartsWith(field, new RetryPolicy(attempts, initial, max, age).Problem());

    [Fact]
    public void Default_HasNoProblem() => Assert.Null(RetryPolicy.Default.Problem());
}
