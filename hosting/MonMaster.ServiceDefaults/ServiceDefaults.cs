using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MonMaster.Postgres;
using Serilog;
using Serilog.Events;

namespace MonMaster.Hosting;

/// <summary>What every MonMaster host starts with: its options, structured logging, health checks (later: telemetry).</summary>
public static class ServiceDefaults
{
    /// <summary>Reads and checks the "MonMaster" section, logs with Serilog, registers the readiness checks; returns the options.</summary>
    public static MonMasterOptions AddMonMasterDefaults(this IHostApplicationBuilder builder, LogEventLevel logLevel = LogEventLevel.Information)
    {
        var options = (builder.Configuration.GetSection(MonMasterOptions.Section).Get<MonMasterOptions>() ?? new MonMasterOptions()).Validate();
        builder.Services.AddSingleton(options);
        builder.Services.AddSerilog((_, logger) => Logging.Configure(logger, logLevel));
        var health = builder.Services.AddHealthChecks().AddCheck<ClusterHealth>("cluster", tags: ["ready"]);
        if (options.ConnectionString is not null)
        {
            builder.Services.AddPostgresDataSource(options.Postgres());
            health.AddCheck<PostgresHealth>("postgres", tags: ["ready"]);
        }
        return options;
    }
}
