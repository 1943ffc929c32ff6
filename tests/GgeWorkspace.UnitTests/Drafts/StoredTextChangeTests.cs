using System.Text;
using GgeWorkspace.Api.Drafts;
using Weasel.Core;

namespace GgeWorkspace.UnitTests.Drafts;

/// <summary>
/// Text operations are part of the stored events: their JSON carries no .NET type name, so moving the text types to
/// another assembly or namespace leaves every stored event readable.
/// </summary>
public sealed class StoredTextChangeTests
{
    // As the service stores event data (Infrastructure/Marten/MartenSetup).
    private static readonly Marten.Services.SystemTextJsonSerializer Serializer = new() { EnumStorage = EnumStorage.AsString, Casing = Casing.CamelCase };

    // Written by the service while the text operations were part of the client library.
    private const string StoredBeforeTheMove =
        """{"groupId":"0190a1b2-0000-7000-8000-000000000001","draftId":"0190a1b2-0000-7000-8000-000000000002","paragraphId":"0190a1b2-0000-7000-8000-000000000003","operation":[3,"abc",-2,5],"baseTextVersion":4,"kind":"Replaced","authorSub":"chair","authorState":"Norway","changedAt":"2026-11-30T10:00:00+00:00","clientOperationId":null}""";

    [Fact]
    public void A_text_change_stored_before_the_text_library_existed_reads_back_with_its_operation()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(StoredBeforeTheMove));

        var change = Serializer.FromJson<ParagraphTextChanged>(stream);

        Assert.Equal(TextOperation.Empty.Retain(3).Insert("abc").Delete(2).Retain(5), change.Operation);
        Assert.Equal(TextChangeKind.Replaced, change.Kind);
        Assert.Equal(4, change.BaseTextVersion);
    }

    [Fact]
    public void A_stored_text_change_names_no_type_and_keeps_its_operation_as_an_array()
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(StoredBeforeTheMove));
        var change = Serializer.FromJson<ParagraphTextChanged>(stream);

        var json = Serializer.ToJson(change);

        Assert.Equal(StoredBeforeTheMove, json);
        Assert.DoesNotContain("GgeWorkspace", json, StringComparison.Ordinal);
    }
}
