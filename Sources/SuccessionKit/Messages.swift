/// The library's catalog: every layer's family of messages, joined once.
///
/// This file sits above the layers so that none of them names another's messages.
extension MessageCatalog {
    package static let library = MessageCatalog(families: [
        .files, .codes, .certificates, .notices, .accounts, .passwords, .registrations, .bulkRegistration, .terminal,
        .jobs, .steps, .agents,
    ])
}

extension Problem {
    /// The problem explained in `language`, with what to do next.
    public func message(in language: Language) -> String {
        MessageCatalog.library.message(for: self, in: language)
    }
}

extension MessageCatalog.Family {
    /// The messages each step of the manual's procedure owns, from the steps themselves.
    static let steps = Self(
        name: "steps",
        entries: SuccessionProcedure.standard.steps.reduce(into: [:]) { entries, step in
            entries.merge(type(of: step).messages) { first, _ in first }
        }
    )
}
