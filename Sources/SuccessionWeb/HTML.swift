import SuccessionKit

/// A piece of HTML that is safe by construction: text and attribute values are escaped when a
/// node is made; element and attribute names are static strings of this module. No other way
/// to make a node exists, so nothing a person, a file or a certificate supplied reaches a page
/// unescaped.
struct Node: Sendable, Hashable {
    /// The escaped markup.
    fileprivate(set) var markup: String

    private init(markup: String) {
        self.markup = markup
    }

    /// Text, escaped.
    static func text(_ text: String) -> Node {
        Node(markup: HTML.escape(text))
    }

    /// Nothing.
    static let empty = Node(markup: "")

    /// Markup written in this module's source (a style sheet): a static string, so nothing
    /// supplied at run time can be one.
    static func trusted(_ markup: StaticString) -> Node {
        Node(markup: markup.description)
    }

    /// An element with its attributes (values escaped; `nil` values left out) and children.
    static func element(_ name: StaticString, _ attributes: [Attribute], _ children: [Node]) -> Node {
        var markup = "<\(name)"
        for attribute in attributes {
            guard let value = attribute.value else { continue }
            markup += attribute.isFlag ? " \(attribute.name)" : " \(attribute.name)=\"\(HTML.escape(value))\""
        }
        markup += ">"
        if HTML.voidElements.contains(name.description) { return Node(markup: markup) }
        for child in children { markup += child.markup }
        markup += "</\(name)>"
        return Node(markup: markup)
    }

    /// Children side by side.
    static func group(_ children: [Node]) -> Node {
        Node(markup: children.map(\.markup).joined())
    }

    /// A whole document: the doctype, then `html`.
    static func document(_ html: Node) -> String {
        "<!DOCTYPE html>\n" + html.markup + "\n"
    }
}

/// An attribute: a static name and a value that is escaped. A flag (`checked`, `open`) has no
/// value; `nil` leaves the attribute out.
struct Attribute: Sendable, Hashable {
    let name: StaticString
    let value: String?
    let isFlag: Bool

    init(_ name: StaticString, _ value: String?) {
        self.name = name
        self.value = value
        self.isFlag = false
    }

    /// A flag that is present when `on`.
    static func flag(_ name: StaticString, _ on: Bool) -> Attribute {
        Attribute(name: name, value: on ? "" : nil, isFlag: true)
    }

    private init(name: StaticString, value: String?, isFlag: Bool) {
        self.name = name
        self.value = value
        self.isFlag = isFlag
    }

    static func == (lhs: Attribute, rhs: Attribute) -> Bool {
        lhs.name.description == rhs.name.description && lhs.value == rhs.value && lhs.isFlag == rhs.isFlag
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(name.description)
        hasher.combine(value)
        hasher.combine(isFlag)
    }
}

/// Builds children from statements: nodes, strings (as escaped text), `if`, `for`.
@resultBuilder
enum NodeBuilder {
    static func buildExpression(_ node: Node) -> [Node] { [node] }
    static func buildExpression(_ text: String) -> [Node] { [.text(text)] }
    static func buildExpression(_ nodes: [Node]) -> [Node] { nodes }
    static func buildBlock(_ parts: [Node]...) -> [Node] { parts.flatMap { $0 } }
    static func buildOptional(_ part: [Node]?) -> [Node] { part ?? [] }
    static func buildEither(first part: [Node]) -> [Node] { part }
    static func buildEither(second part: [Node]) -> [Node] { part }
    static func buildArray(_ parts: [[Node]]) -> [Node] { parts.flatMap { $0 } }
}

/// An element built from statements: `el("p", Attribute("class", "x")) { "text" }`.
func el(_ name: StaticString, _ attributes: Attribute..., @NodeBuilder content: () -> [Node] = { [] }) -> Node {
    Node.element(name, attributes, content())
}

enum HTML {
    /// Elements that have no end tag.
    static let voidElements: Set<String> = ["input", "br", "meta", "link", "hr", "img"]

    /// Text as HTML: the library's one escaper.
    static func escape(_ text: String) -> String {
        HTMLText.escaped(text)
    }
}
