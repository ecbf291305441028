using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using MonMaster.Admission;
using MonMaster.Grains;

namespace MonMaster.Api.Hosting;

/// <summary>Who may do what: JWT bearer tokens with a role, a subject and, for establishments, their establishment.</summary>
public static class Access
{
    public const string Candidate = "candidate";
    public const string Establishment = "establishment";
    public const string Operator = "operator";
    /// <summary>A rector's office (section 7): an operator role scoped to one academic region.</summary>
    public const string Rector = "rector";
    public const string EstablishmentClaim = "establishment";
    public const string RegionClaim = "region";
    public const string Issuer = "monmaster";
    public const string Audience = "monmaster";
    public static readonly string[] Roles = [Candidate, Establishment, Operator, Rector];

    public static string SubjectOf(ClaimsPrincipal user) => user.FindFirstValue(JwtRegisteredClaimNames.Sub) ?? "";
    public static string? EstablishmentOf(ClaimsPrincipal user) => user.FindFirstValue(EstablishmentClaim);

    public static bool IsCandidate(ClaimsPrincipal user, string candidateId) => user.IsInRole(Candidate) && SubjectOf(user) == candidateId;
    public static bool IsEstablishment(ClaimsPrincipal user, string establishment) => user.IsInRole(Establishment) && EstablishmentOf(user) == establishment;
    public static bool IsRector(ClaimsPrincipal user, string region) => user.IsInRole(Rector) && user.FindFirstValue(RegionClaim) == region;

    /// <summary>
    /// Only the candidate whose file the route names (<c>{id}</c>) gets through; anyone else gets 403 before anything is
    /// read or changed.
    /// </summary>
    public static TBuilder RequireOwnFile<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
            IsCandidate(context.HttpContext.User, context.HttpContext.GetRouteValue("id") as string ?? "")
                ? await next(context)
                : Endpoints.Problems.Forbid());

    /// <summary>
    /// Only the establishment the route names (<c>{establishment}</c>) gets through; anyone else gets 403 before anything
    /// is read or changed.
    /// </summary>
    public static TBuilder RequireOwnEstablishment<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
            IsEstablishment(context.HttpContext.User, context.HttpContext.GetRouteValue("establishment") as string ?? "")
                ? await next(context)
                : Endpoints.Problems.Forbid("Vous n'agissez que pour votre établissement."));

    /// <summary>
    /// Only the establishment of the formation the route names (<c>{id}</c>) gets through: an unknown formation is 404
    /// (<c>unknown-formation</c>), another establishment's is 403, before anything is read or changed. The formation's
    /// description is then at <see cref="FormationOf"/>.
    /// </summary>
    public static TBuilder RequireOwnFormation<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var grains = http.RequestServices.GetRequiredService<IGrainFactory>();
            var id = http.GetRouteValue("id") as string ?? "";
            if (await grains.GetGrain<IFormationGrain>(id).GetInfo() is not { } info)
                return Endpoints.Problems.From(CommandResult.Of(AdmissionError.UnknownFormation));
            if (!IsEstablishment(http.User, info.Establishment))
                return Endpoints.Problems.Forbid("Cette formation n'est pas une formation de votre établissement.");
            http.Items[FormationKey] = info;
            return await next(context);
        });

    private static readonly object FormationKey = new();

    /// <summary>The formation <see cref="RequireOwnFormation"/> let through.</summary>
    public static FormationInfo FormationOf(HttpContext http) =>
        http.Items[FormationKey] as FormationInfo ?? throw new InvalidOperationException("RequireOwnFormation did not run.");

    public static SymmetricSecurityKey KeyOf(string secret)
    {
        var bytes = Encoding.UTF8.GetBytes(secret);
        if (bytes.Length < 32) throw new InvalidOperationException("MonMaster:Auth:SigningKey must be at least 32 bytes.");
        return new SymmetricSecurityKey(bytes);
    }

    public static IServiceCollection AddMonMasterAccess(this IServiceCollection services, string signingKey)
    {
        var key = KeyOf(signingKey);
        services.AddSingleton(new TokenIssuer(key));
        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(o =>
        {
            o.MapInboundClaims = false;
            o.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = Issuer, ValidAudience = Audience, IssuerSigningKey = key,
                NameClaimType = JwtRegisteredClaimNames.Sub, RoleClaimType = "role",
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            // Browsers cannot set headers on WebSockets: hubs take the token from the query string.
            o.Events = new JwtBearerEvents
            {
                OnMessageReceived = context =>
                {
                    if (context.Request.Path.StartsWithSegments("/hubs") && context.Request.Query["access_token"] is [{ Length: > 0 } token])
                        context.Token = token;
                    return Task.CompletedTask;
                },
            };
        });
        services.AddAuthorizationBuilder()
            .AddPolicy(Candidate, p => p.RequireRole(Candidate).RequireClaim(JwtRegisteredClaimNames.Sub))
            .AddPolicy(Establishment, p => p.RequireRole(Establishment).RequireClaim(EstablishmentClaim))
            .AddPolicy(Operator, p => p.RequireRole(Operator))
            .AddPolicy(Rector, p => p.RequireRole(Rector).RequireClaim(RegionClaim))
            .AddPolicy($"{Establishment}-or-{Operator}", p => p.RequireRole(Establishment, Operator));
        return services;
    }
}

/// <summary>Signs tokens with the node's key (all nodes of a deployment share it).</summary>
public sealed class TokenIssuer(SymmetricSecurityKey key)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    public string Issue(string role, string subject)
    {
        var claims = new Dictionary<string, object> { [JwtRegisteredClaimNames.Sub] = subject, ["role"] = role };
        if (role == Access.Establishment) claims[Access.EstablishmentClaim] = subject;
        if (role == Access.Rector) claims[Access.RegionClaim] = subject;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Access.Issuer, Audience = Access.Audience, Claims = claims,
            Expires = DateTime.UtcNow + Lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }
}
