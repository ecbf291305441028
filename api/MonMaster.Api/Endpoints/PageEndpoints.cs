using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.FileProviders;

namespace MonMaster.Api.Endpoints;

/// <summary>
/// The pages, each served composed into <c>wwwroot/_layout.html</c>, which alone holds the DSFR head, the skip links, the
/// header and the footer. A page file is a small HTML document: its <c>&lt;title&gt;</c> and scripts in its head, its
/// own skip links as <c>&lt;a data-evitement href="#…"&gt;</c>, its <c>&lt;body&gt;</c> attributes (<c>data-entete</c>:
/// <c>session</c> or <c>public</c>) and its content. Composed once per change of either file.
/// </summary>
public static partial class PageEndpoints
{
    public const string Layout = "_layout.html";

    public static void MapPages(this IEndpointRouteBuilder app)
    {
        var composer = new PageComposer(app.ServiceProvider.GetRequiredService<IWebHostEnvironment>().WebRootFileProvider);
        // Mapped, so that they win over the static files (which would serve a page's bare file); "/" is the home page.
        app.MapGet("/", () => composer.Serve("index.html")).ExcludeFromDescription();
        app.MapGet("/{page:regex(^[a-z]+$)}.html", (string page) => composer.Serve($"{page}.html")).ExcludeFromDescription();
        app.MapGet($"/{Layout}", () => Results.NotFound()).ExcludeFromDescription();
    }
}

/// <summary>Composes a page into the layout (see <see cref="PageEndpoints"/>), caching each result until a file changes.</summary>
public sealed partial class PageComposer(IFileProvider files)
{
    private readonly ConcurrentDictionary<string, (DateTimeOffset Layout, DateTimeOffset Page, string Html)> cache = new();

    public IResult Serve(string name)
    {
        var page = files.GetFileInfo(name);
        var layout = files.GetFileInfo(PageEndpoints.Layout);
        if (!page.Exists || page.IsDirectory) return Results.NotFound();
        if (!layout.Exists) throw new InvalidOperationException($"wwwroot/{PageEndpoints.Layout} is missing.");
        if (!cache.TryGetValue(name, out var cached) || cached.Layout != layout.LastModified || cached.Page != page.LastModified)
            cache[name] = cached = (layout.LastModified, page.LastModified, Compose(Read(layout), Read(page)));
        return Results.Content(cached.Html, "text/html; charset=utf-8", Encoding.UTF8);
    }

    /// <summary>The layout with the page's title, head, skip links, body attributes, content and scripts in their places.</summary>
    public static string Compose(string layout, string page)
    {
        var head = Head().Match(page) is { Success: true } h ? h.Groups[1].Value : "";
        var body = Body().Match(page);
        if (!body.Success) throw new InvalidOperationException("A page has a <body>.");
        var title = Title().Match(head) is { Success: true } t ? t.Groups[1].Value.Trim() : "Mon Master";
        var scripts = Scripts().Matches(head).Select(m => m.Value.Trim());
        var rest = Scripts().Replace(Title().Replace(head, ""), "").Trim();
        var content = body.Groups[2].Value;
        var skips = SkipLinks().Matches(content)
            .Select(m => $"""<li><a class="fr-link" href="{m.Groups[1].Value}">{m.Groups[2].Value}</a></li>""");
        content = SkipLinks().Replace(content, "").Trim();
        // One pass, so that a page's own text is never taken for a placeholder.
        var values = new Dictionary<string, string>
        {
            ["titre"] = title, ["tete"] = rest, ["evitement"] = string.Join("\n        ", skips),
            ["corps"] = body.Groups[1].Value, ["contenu"] = content, ["scripts"] = string.Join("\n  ", scripts),
        };
        return Placeholder().Replace(layout, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);
    }

    private static string Read(IFileInfo file)
    {
        using var reader = new StreamReader(file.CreateReadStream(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"<head>(.*?)</head>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Head();

    [GeneratedRegex(@"<body([^>]*)>(.*)</body>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Body();

    [GeneratedRegex(@"<title>(.*?)</title>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex Title();

    [GeneratedRegex(@"<script\b[^>]*>\s*</script>", RegexOptions.IgnoreCase)]
    private static partial Regex Scripts();

    [GeneratedRegex(@"[ \t]*<a data-evitement href=""(#[\w-]+)"">([^<]+)</a>\s*")]
    private static partial Regex SkipLinks();

    [GeneratedRegex(@"\{\{(\w+)\}\}")]
    private static partial Regex Placeholder();
}
