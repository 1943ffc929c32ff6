using System.Text.Json;

namespace GgeWorkspace.Client.Live;

internal static class LiveJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
