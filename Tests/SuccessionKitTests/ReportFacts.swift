import SuccessionKit

extension JobReport {
    /// The value of the fact labelled `label` (in the report's language), when it has one.
    func fact(_ label: String) -> String? {
        facts.first { $0.label == label }?.value
    }
}
