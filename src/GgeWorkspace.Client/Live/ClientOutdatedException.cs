namespace GgeWorkspace.Client.Live;

/// <summary>
/// The service speaks a newer live-editing protocol than this client: the client must be updated. A session that got it
/// submits nothing more.
/// </summary>
public sealed class ClientOutdatedException(int clientVersion, int serviceVersion) : InvalidOperationException(
    $"The service speaks live-editing protocol version {serviceVersion}, newer than this client's {clientVersion}: update the client. Edits are no longer submitted.")
{
    public int ClientVersion { get; } = clientVersion;

    public int ServiceVersion { get; } = serviceVersion;
}
