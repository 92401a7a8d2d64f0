// An integrator's program: check a customer list (one code per line, or a CSV whose first
// column is the code) and print a summary per prefecture. It uses only SuccessionKit's
// public API — the same checks the `succession` CLI runs.
//
//     swift run CustomerListCheck customers.csv

import SuccessionKit
import SystemPackage

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

let arguments = CommandLine.arguments.dropFirst()
guard let path = arguments.first else {
    print("usage: CustomerListCheck FILE")
    exit(2)
}

do {
    var validByPrefecture: [Prefecture: Int] = [:]
    var invalid: [(line: Int?, problems: [Problem])] = []
    try CodeList.read(path: FilePath(path)) { entry in
        switch entry {
        case .code(let line, let reading):
            if let code = reading.code {
                validByPrefecture[code.prefecture, default: 0] += 1
            } else {
                invalid.append((line, reading.problems))
            }
        case .unreadable(let problem):
            invalid.append((problem.value(.line), [problem]))
        }
    }
    for (prefecture, count) in validByPrefecture.sorted(by: { $0.key.number < $1.key.number }) {
        print("\(prefecture.digits) \(prefecture.japaneseName): \(count)")
    }
    for entry in invalid {
        print(
            (entry.line.map { "line \($0): " } ?? "")
                + entry.problems.map { $0.message(in: .english) }.joined(separator: " ")
        )
    }
    exit(invalid.isEmpty ? 0 : 1)
} catch {
    print(error.message(in: .english))
    exit(2)
}
