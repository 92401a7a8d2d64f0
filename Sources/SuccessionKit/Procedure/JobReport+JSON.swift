// The customer's report as JSON, for tools: one of its three renderings.
import Foundation

extension JobReport {
    /// The report as JSON (ISO 8601 dates, sorted keys).
    /// - Throws: ``SuccessionError`` with `job.reportEncoding` when it cannot be encoded (a
    ///   value JSON cannot hold): never an empty object in its place.
    public func json() throws(SuccessionError) -> String {
        do {
            return String(decoding: try JSONCoding.encoder().encode(self), as: UTF8.self)
        } catch {
            throw SuccessionError(.jobReportEncoding, values: [.detail: "\(error)"])
        }
    }
}
