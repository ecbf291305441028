using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using MonMaster.Api.Catalogue;
using MonMaster.Api.Endpoints;
using MonMaster.Api.Live;
using MonMaster.Hosting;
using MonMaster.Pieces;
using MonMaster.Postgres;
using Scalar.AspNetCore;
using Serilog.Events;

namespace MonMaster.Api.Hosting;

/// <summary>The API node: REST, SignalR hubs and pages, in front of the cluster or co-hosting a silo.</summary>
public static class ApiHost
{
    public static WebApplication Build(string[] args, LogEventLevel logLevel = LogEventLevel.Information)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        var settings = builder.AddMonMasterDefaults(logLevel);
        var signingKey = settings.Auth.SigningKey
            ?? (settings.Demo ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(48))
                : throw new InvalidOperationException("MonMaster:Auth:SigningKey is required outside demo mode (at least 32 bytes, the same on every API node)."));

        if (settings.HostSilo) builder.UseOrleans(silo => silo.UseMonMaster(settings));
        else builder.UseOrleansClient(client => client.UseMonMaster(settings));

        var services = builder.Services;
        services.AddSingleton(new LiveSettings { Campaign = settings.Campaign });
        services.AddSingleton<LiveFeed>();
        if (settings.ConnectionString is not null)
            services.AddPostgresStores(settings.Postgres(), settings.Campaign, search: settings.Search == SearchBackend.Postgres);
        else
            services.AddSingleton<IPieceStore, MemoryPieceStore>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveFeed>());
        services.AddMonMasterCatalogue(settings);
        if (settings.Demo) services.AddSingleton<DemoStatus>();
        services.AddMonMasterAccess(signingKey);
        services.AddMonMasterLimits(settings.RateLimit);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = Problems.Complete);
        services.AddOpenApi();
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower)));
        services.AddSignalR().AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower)));

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseReadYourWrites();

        app.MapOpenApi();
        // Served from the package itself; no fonts from a CDN (the pages must work without the internet).
        app.MapScalarApiReference(o => o.WithTitle("MonMaster API").DisableDefaultFonts());
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        app.MapCandidates();
        app.MapPieces();
        app.MapContracts();
        app.MapReferrals();
        app.MapReviews();
        app.MapProfiles();
        app.MapAccessRates();
        app.MapFormations();
        app.MapCampaigns();
        app.MapCatalogue();
        app.MapPages();
        app.MapCatalogueLoad();
        if (settings.Demo)
        {
            app.MapDevTokens();
            app.MapDemoStatus();
        }
        app.MapHub<CandidateHub>("/hubs/candidate");
        app.MapHub<EstablishmentHub>("/hubs/establishment");
        app.MapHub<OperatorHub>("/hubs/operator");
        app.MapHub<SheetHub>("/hubs/sheet");
        return app;
    }
}
