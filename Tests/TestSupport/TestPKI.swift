import Foundation

/// A certificate authority and a server certificate for 127.0.0.1/localhost, made by openssl for one test.
public final class TestPKI: @unchecked Sendable {
    public let folder = TestFolder("pki")
    public var caCertificate: String { folder.file("ca.crt") }
    public var serverCertificate: String { folder.file("server.crt") }
    public var serverKey: String { folder.file("server.key") }

    public init() throws {
        let extensions = folder.write("san.ext", "subjectAltName=DNS:localhost,IP:127.0.0.1\n")
        let steps: [[String]] = [
            ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=closetd test CA",
             "-keyout", folder.file("ca.key"), "-out", caCertificate],
            ["req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", serverKey,
             "-out", folder.file("server.csr")],
            ["x509", "-req", "-in", folder.file("server.csr"), "-CA", caCertificate, "-CAkey", folder.file("ca.key"),
             "-CAcreateserial", "-days", "2", "-extfile", extensions, "-out", serverCertificate],
        ]
        for arguments in steps {
            let step = try ChildProcess(which("openssl") ?? "openssl", arguments, logFolder: folder.path)
            guard step.wait(seconds: 30) == 0 else {
                throw PKIError(message: "openssl \(arguments[0]) failed: \(step.standardError)")
            }
        }
    }

    struct PKIError: Error, CustomStringConvertible {
        var message: String
        var description: String { message }
    }
}
