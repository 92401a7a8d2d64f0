import Foundation
import SuccessionKit
import Testing

/// The guided page's TLS certificate off loopback: made in memory, for the names it is given
/// and nothing that could slip another entry into its subjectAltName.
@Suite("The serving certificate")
struct ServingCertificateTests {
    @Test("A new key and certificate each time, its SHA-256 over the DER, valid from an hour before for the lifetime")
    func made() throws {
        let start = Date(timeIntervalSince1970: 1_900_000_000)
        let one = try ServingCertificate.make(dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], start: start)
        let two = try ServingCertificate.make(dnsNames: ["localhost"], ipAddresses: ["127.0.0.1"], start: start)
        #expect(one.der.count > 200 && one.der.first == 0x30, "DER: a SEQUENCE")
        #expect(one.sha256.count == 64 && one.sha256 != two.sha256)
        #expect(one.privateKey.count > 100, "a PKCS#8 EC key, in memory")
        #expect(one.notBefore == start.addingTimeInterval(-3600))
        #expect(one.notAfter == start.addingTimeInterval(24 * 3600))
    }

    @Test(
        "A name that is not a host name or an address is refused before OpenSSL sees it",
        arguments: [
            (["a,IP:10.0.0.1"], [String]()), (["evil.example, DNS:x"], []), (["<script>"], []),
            ([], ["10.0.0.1,DNS:x"]),
            ([], ["fe80::1%eth0"]), ([], ["999.1.1.1"]), ([], []),
        ]
    )
    func refused(_ names: [String], _ addresses: [String]) async {
        #expect(throws: SuccessionError(.certServingCertificateFailed)) {
            _ = try ServingCertificate.make(dnsNames: names, ipAddresses: addresses)
        }
    }
}
