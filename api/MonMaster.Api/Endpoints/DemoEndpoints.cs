using MonMaster.Api.Hosting;

namespace MonMaster.Api.Endpoints;

public sealed record DemoStatusView(string State, string Message, DateTimeOffset? Since);

public sealed record DemoStatusRequest(string? State, string? Message);

/// <summary>Where the demo campaign stands, as the demo tool last said (demo mode only; nothing of it exists otherwise).</summary>
public sealed class DemoStatus
{
    private DemoStatusView current = new("waiting", "La campagne de démonstration n'a pas encore commencé à se préparer.", null);

    public DemoStatusView Current => Volatile.Read(ref current);

    public void Set(string state, string message, DateTimeOffset at) => Volatile.Write(ref current, new DemoStatusView(state, message, at));
}

public static class DemoEndpoints
{
    private static readonly string[] States = ["seeding", "ready"];

    public static void MapDemoStatus(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/dev/demo").WithTags("Démonstration");
        group.MapGet("/", (DemoStatus status) => Results.Ok(status.Current)).AllowAnonymous()
            .WithSummary("Où en est la campagne de démonstration (mode démo seulement)");
        group.MapPut("/", (DemoStatusRequest? body, DemoStatus status) =>
        {
            if (body?.State is not { } state || !States.Contains(state)) return Problems.Invalid("L'état est « seeding » ou « ready ».");
            if (string.IsNullOrWhiteSpace(body.Message) || body.Message.Length > 500) return Problems.Invalid("Indiquez un message de 500 caractères au plus.");
            status.Set(state, body.Message, DateTimeOffset.UtcNow);
            return Results.NoContent();
        }).RequireAuthorization(Access.Operator).WithSummary("L'outil de démonstration dit où il en est (mode démo seulement)");
    }
}
