public import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import Logging
public import SuccessionKit
import NIOCore
import NIOSSL

/// The guided page's server on `endpoint` (default: plain HTTP on a loopback address of its
/// own), on `port` (0: a free one), within `limits`. `running` is told the port once the socket
/// listens; from then on only the endpoint's names with that port are accepted as the Host.
public func guidedPageApplication(
    job: GuidedJob,
    keys: GuidedPageKeys,
    endpoint: PageEndpoint = .privateLoopback(),
    port: Int,
    language: Language,
    limits: PageLimits = .standard,
    running: @escaping @Sendable (Int) async -> Void
) -> some ApplicationProtocol {
    let hosts = AllowedHosts()
    let defaultPort = endpoint.identity == nil ? 80 : 443
    if port != 0 { hosts.serve(port: port, names: endpoint.names, defaultPort: defaultPort) }
    var logger = Logger(label: "succession-serve")
    // Nothing about requests is logged: a URL may hold the token on the first visit.
    logger.logLevel = .error
    let registry = ConnectionRegistry(limit: limits.connections)
    let (seconds, attoseconds) = limits.idleTimeout.components
    let http1 = HTTP1Channel.Configuration(
        idleTimeout: .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    )
    let server: HTTPServerBuilder
    if let identity = endpoint.identity {
        let configuration = identity.configuration
        server = HTTPServerBuilder { responder in
            LimitedChannel(
                base: PlainHTTPRefusingChannel(
                    try TLSChannel(
                        HTTP1Channel(responder: registry.watching(responder), configuration: http1),
                        tlsConfiguration: configuration
                    )
                ),
                registry: registry
            )
        }
    } else {
        server = HTTPServerBuilder { responder in
            LimitedChannel(
                base: HTTP1Channel(responder: registry.watching(responder), configuration: http1),
                registry: registry
            )
        }
    }
    return Application(
        router: guidedPageRouter(
            job: job,
            keys: keys,
            hosts: hosts,
            language: language,
            secure: endpoint.identity != nil
        ),
        server: server,
        configuration: ApplicationConfiguration(
            address: .hostname(endpoint.bind, port: port),
            serverName: nil
        ),
        onServerRunning: { channel in
            let served = channel.localAddress?.port ?? port
            hosts.serve(port: served, names: endpoint.names, defaultPort: defaultPort)
            await running(served)
        },
        logger: logger
    )
}

/// Serves the guided page until SIGINT or SIGTERM (Ctrl-C), then stops cleanly.
public func serveGuidedPage(
    job: GuidedJob,
    keys: GuidedPageKeys,
    endpoint: PageEndpoint = .privateLoopback(),
    port: Int,
    language: Language,
    limits: PageLimits = .standard,
    running: @escaping @Sendable (Int) async -> Void
) async throws {
    try await guidedPageApplication(
        job: job,
        keys: keys,
        endpoint: endpoint,
        port: port,
        language: language,
        limits: limits,
        running: running
    )
    .runService()
}

/// A TLS connection whose first bytes are checked before TLS sees them: a browser that speaks
/// plain HTTP to the TLS port (an address typed with `http://`) is told to use the `https://`
/// address instead of seeing a dropped connection. Nothing of the page is served in clear.
struct PlainHTTPRefusingChannel<Base: ServerChildChannel>: ServerChildChannel {
    typealias Value = Base.Value
    let base: Base

    init(_ base: Base) {
        self.base = base
    }

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(PlainHTTPRefusal())
        }.flatMap {
            base.setup(channel: channel, logger: logger)
        }
    }

    func handle(value: Value, logger: Logger) async {
        await base.handle(value: value, logger: logger)
    }
}

/// First in a TLS connection's pipeline: a TLS record (a handshake starts with 0x16) passes on
/// and this handler leaves; anything else is answered with a short plain-text 400 and closed.
final class PlainHTTPRefusal: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer
    typealias OutboundOut = ByteBuffer

    static let message = """
        This page is served over TLS only: open the https:// address that succession serve printed.
        このページは TLS（https://）でのみ開けます。succession serve が表示した https:// のアドレスを開いてください。
        If the address you typed held its ?t=…, it crossed the network in clear: stop the page (Ctrl-C) and start it again for a new one.
        入力したアドレスに ?t=… が含まれていた場合、暗号化されずに送られました。ページを止めて（Ctrl-C）起動し直してください（新しいアドレスになります）。

        """

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let bytes = unwrapInboundIn(data)
        if bytes.readableBytesView.first == 0x16 {
            context.fireChannelRead(data)
            context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
            return
        }
        let body = Self.message
        let response =
            "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
        let written = context.eventLoop.makePromise(of: Void.self)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(ByteBuffer(string: response)), promise: written)
        written.futureResult.whenComplete { _ in channel.close(promise: nil) }
    }
}
