/// What the job needs next. In JSON: `{"question": {…}}`, `{"complete": true}` or
/// `{"stopped": {"step": "8", "problems": […], "wayForward": {…}}}` — a front end in another
/// process renders it as the CLI and the page do.
public enum JobNext: Sendable, Hashable, Codable {
    /// A person's answer: show the question (and the manual's operations of its step, the first
    /// time), then hand back text through ``JobRunner/answer(_:_:attempt:)``.
    case question(JobQuestion)
    /// Every step is finished.
    case complete
    /// This run cannot go on at `step`: a real finding failed it, or a step it needs was skipped.
    /// `wayForward` says what works now.
    case stopped(SuccessionStep.ID, [Problem], wayForward: WayForward)

    private enum CodingKeys: String, CodingKey { case question, complete, stopped }
    private enum StopKeys: String, CodingKey { case step, problems, wayForward }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let question = try container.decodeIfPresent(JobQuestion.self, forKey: .question) {
            self = .question(question)
        } else if container.contains(.stopped) {
            let stop = try container.nestedContainer(keyedBy: StopKeys.self, forKey: .stopped)
            self = .stopped(
                try stop.decode(SuccessionStep.ID.self, forKey: .step),
                try stop.decode([Problem].self, forKey: .problems),
                wayForward: try stop.decode(WayForward.self, forKey: .wayForward)
            )
        } else {
            _ = try container.decode(Bool.self, forKey: .complete)
            self = .complete
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .question(let question): try container.encode(question, forKey: .question)
        case .complete: try container.encode(true, forKey: .complete)
        case .stopped(let step, let problems, let way):
            var stop = container.nestedContainer(keyedBy: StopKeys.self, forKey: .stopped)
            try stop.encode(step, forKey: .step)
            try stop.encode(problems, forKey: .problems)
            try stop.encode(way, forKey: .wayForward)
        }
    }
}

/// What a person can do when the job stops. In JSON: `{"action": "runAgain", "step": "3"}`.
public enum WayForward: Sendable, Hashable, Codable {
    /// Put right what the problems say, then run the job again (the same step is tried anew).
    case runAgain(SuccessionStep.ID)
    /// Do an earlier step over (its record is kept as done over), then run again.
    case redo(SuccessionStep.ID)
    /// A step this one needs was skipped: undo or redo it.
    case unblock(SuccessionStep.ID)

    /// The step the way forward works on.
    public var step: SuccessionStep.ID {
        switch self {
        case .runAgain(let id), .redo(let id), .unblock(let id): id
        }
    }

    private enum CodingKeys: String, CodingKey { case action, step }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let step = try container.decode(SuccessionStep.ID.self, forKey: .step)
        switch try container.decode(String.self, forKey: .action) {
        case "runAgain": self = .runAgain(step)
        case "redo": self = .redo(step)
        case "unblock": self = .unblock(step)
        case let other:
            throw DecodingError.dataCorruptedError(
                forKey: .action,
                in: container,
                debugDescription: "no way forward '\(other)'"
            )
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        let action =
            switch self {
            case .runAgain: "runAgain"
            case .redo: "redo"
            case .unblock: "unblock"
            }
        try container.encode(action, forKey: .action)
        try container.encode(step, forKey: .step)
    }
}

/// The reply to an answer. In JSON: `{"accepted": true}`, `{"rejected": {…problem}}` or
/// `{"outdated": true}`.
public enum AnswerReply: Sendable, Hashable, Codable {
    /// Taken: ask ``JobRunner/next()`` what comes next.
    case accepted
    /// The same question is asked again with this problem beside it.
    case rejected(Problem)
    /// The answer named an earlier asking of the question (a form sent twice, a second tab): it
    /// was neither taken nor counted as typed again.
    case outdated

    private enum CodingKeys: String, CodingKey { case accepted, rejected, outdated }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        if let problem = try container.decodeIfPresent(Problem.self, forKey: .rejected) {
            self = .rejected(problem)
        } else if container.contains(.outdated) {
            self = .outdated
        } else {
            _ = try container.decode(Bool.self, forKey: .accepted)
            self = .accepted
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .accepted: try container.encode(true, forKey: .accepted)
        case .rejected(let problem): try container.encode(problem, forKey: .rejected)
        case .outdated: try container.encode(true, forKey: .outdated)
        }
    }
}
