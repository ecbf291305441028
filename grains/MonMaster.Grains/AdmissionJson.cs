using System.Text.Json;
using System.Text.Json.Serialization;
using MonMaster.Admission;

namespace MonMaster.Grains;

/// <summary>
/// The one JSON format of MonMaster's stored state and of the admission types on the wire: explicit
/// discriminators and enum names, no CLR type names, so renaming a class never breaks stored rows.
/// </summary>
public static class AdmissionJson
{
    public static readonly JsonSerializerOptions Options = Create();

    /// <summary>Types carried by the JSON codec rather than Orleans' generated one: the Orleans-free admission rules and grain states.</summary>
    public static bool IsAdmissionType(Type type) =>
        type.Namespace == typeof(FormationBook).Namespace || type.Namespace == typeof(AdmissionJson).Namespace + ".State";

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
