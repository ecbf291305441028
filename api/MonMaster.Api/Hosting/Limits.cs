using MonMaster.Hosting;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace MonMaster.Api.Hosting;

/// <summary>Write endpoints are limited per user (or per address when anonymous), so one client cannot starve the others.</summary>
public static class Limits
{
    public const string Writes = "writes";
    /// <summary>The public search, per address: generous (a search costs well under a millisecond), but bounded.</summary>
    public const string Search = "search";

    public static IServiceCollection AddMonMasterLimits(this IServiceCollection services, RateLimitOptions settings)
    {
        services.AddRateLimiter(o =>
        {
            o.AddPolicy(Writes, context => RateLimitPartition.GetTokenBucketLimiter(
                Access.SubjectOf(context.User) is { Length: > 0 } subject ? $"user:{subject}" : $"ip:{context.Connection.RemoteIpAddress}",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = settings.Burst,
                    TokensPerPeriod = settings.PerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
            o.AddPolicy(Search, context => RateLimitPartition.GetTokenBucketLimiter(
                $"ip:{context.Connection.RemoteIpAddress}",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = settings.SearchBurst,
                    TokensPerPeriod = settings.SearchPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                }));
            o.OnRejected = async (context, token) =>
            {
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                await Endpoints.Problems.Of(Endpoints.ApiErrors.TooManyRequests, "Trop de demandes en peu de temps : réessayez dans quelques secondes.")
                    .ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }
}
