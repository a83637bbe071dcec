// Fetching a dataset file Keras would download, into Keras's cache, with Keras's progress bar:
// "Downloading data from <url>", then `11490434/11490434 ━━━━━━━━━━━━━━━━━━━━ 1s 0us/step`.
// curl moves the bytes (into `<file>.part`, renamed when complete); the bar follows the file's size.
// KSCRIPT_DATASETS_ORIGIN replaces Keras's address (tests point it at a local folder).
import Foundation
import KScript
import Keras

enum DatasetDownload {
    static let kerasOrigin = "https://storage.googleapis.com/tensorflow/tf-keras-datasets/"

    /// The address to fetch: Keras's, or the same file under KSCRIPT_DATASETS_ORIGIN.
    static func address(_ url: String) -> String {
        guard let origin = ProcessInfo.processInfo.environment["KSCRIPT_DATASETS_ORIGIN"], url.hasPrefix(kerasOrigin) else { return url }
        return (origin.hasSuffix("/") ? origin : origin + "/") + url.dropFirst(kerasOrigin.count)
    }

    static func curl(_ arguments: [String]) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/curl")
        p.arguments = ["--silent", "--show-error", "--fail", "--location"] + arguments
        p.standardOutput = Pipe(); p.standardError = Pipe()
        try p.run()
        return p
    }

    /// The size the server announces, if it does.
    static func announcedSize(_ url: String) -> Int? {
        guard let p = try? curl(["--head", url]), let pipe = p.standardOutput as? Pipe else { return nil }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let lines = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
        return lines.last { $0.lowercased().hasPrefix("content-length:") }.flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) }
    }

    /// Downloads `url` to `path`; the reason it failed otherwise.
    static func fetch(_ url: String, to path: String, output: TrainingOutput) -> String? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") else { return "curl, which kscript downloads with, is not installed" }
        let source = address(url)
        output.write("Downloading data from \(source)\n")
        do { try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true) }
        catch { return "the folder could not be made: \(error.localizedDescription)" }
        let partial = path + ".part"
        let total = announcedSize(source)
        guard let p = try? curl(["--output", partial, source]) else { return "curl could not be started" }
        let bar = Progbar(target: total, verbose: 1, output: output)
        func size() -> Int { ((try? FileManager.default.attributesOfItem(atPath: partial))?[.size] as? Int) ?? 0 }
        while p.isRunning {
            bar.update(size(), [])
            Thread.sleep(forTimeInterval: 0.05)
        }
        guard p.terminationStatus == 0 else {
            try? FileManager.default.removeItem(atPath: partial)
            let message = (p.standardError as? Pipe).map { String(decoding: $0.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self) } ?? ""
            return message.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? "curl failed (status \(p.terminationStatus))"
                : message.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        bar.update(size(), [], finalize: true)
        do { try FileManager.default.moveItem(atPath: partial, toPath: path) } catch { return "the file could not be stored: \(error.localizedDescription)" }
        return nil
    }
}
