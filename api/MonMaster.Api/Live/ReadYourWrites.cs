namespace MonMaster.Api.Live;

/// <summary>
/// After a write taken by this node, the applications it may have changed are read from their formations on their next
/// read here, not from the read model (whose push may still be on its way): whoever wrote sees it on their next read.
/// Other nodes learn it from the formation's push, a few milliseconds later. The route says what a write may touch.
/// </summary>
public static class ReadYourWrites
{
    public static IApplicationBuilder UseReadYourWrites(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method)) return;
        if (context.Response.StatusCode >= 400) return;
        var feed = context.RequestServices.GetRequiredService<LiveFeed>();
        var values = request.RouteValues;
        var path = request.Path;
        if (path.StartsWithSegments("/api/campaigns")) feed.InvalidateAll();
        else if (values["candidateId"] is string candidate)
        {
            if (path.StartsWithSegments("/api/formations") && values["id"] is string formation) feed.Invalidate(candidate, formation);
            else feed.Invalidate(candidate);
        }
        else if (path.StartsWithSegments("/api/candidates") && values["id"] is string id) feed.Invalidate(id);
        else if (path.StartsWithSegments("/api/formations") && values["id"] is string formationId) feed.InvalidateFormation(formationId);
    });
}
