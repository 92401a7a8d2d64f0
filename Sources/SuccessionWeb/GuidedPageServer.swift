public import Hummingbird
import Logging
public import SuccessionKit
import NIOCore

/// The guided page's server on loopback: `127.0.0.1`, on `port` (0: a free one). `running` is
/// told the port once the socket listens; from then on only `127.0.0.1:PORT` and
/// `localhost:PORT` are accepted as the Host.
public func guidedPageApplication(
    job: GuidedJob,
    keys: GuidedPageKeys,
    port: Int,
    language: Language,
    running: @escaping @Sendable (Int) async -> Void
) -> some ApplicationProtocol {
    let hosts = AllowedHosts()
    if port != 0 { hosts.serve(port: port) }
    var logger = Logger(label: "succession-serve")
    // Nothing about requests is logged: a URL may hold the token on the first visit.
    logger.logLevel = .error
    return Application(
        router: guidedPageRouter(job: job, keys: keys, hosts: hosts, language: language),
        configuration: ApplicationConfiguration(
            address: .hostname("127.0.0.1", port: port),
            serverName: nil
        ),
        onServerRunning: { channel in
            let served = channel.localAddress?.port ?? port
            hosts.serve(port: served)
            await running(served)
        },
        logger: logger
    )
}

/// Serves the guided page until SIGINT or SIGTERM (Ctrl-C), then stops cleanly.
public func serveGuidedPage(
    job: GuidedJob,
    keys: GuidedPageKeys,
    port: Int,
    language: Language,
    running: @escaping @Sendable (Int) async -> Void
) async throws {
    try await guidedPageApplication(job: job, keys: keys, port: port, language: language, running: running)
        .runService()
}
