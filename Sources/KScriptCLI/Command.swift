// Parses the command line and runs the chosen program, mapping the outcome to an exit status.
import Foundation
import KScript

struct KScriptCommand {
    let arguments: [String]
    static let version = "kscript 0.1.0"
    static let usage = """
    usage: kscript [option] ... [-c cmd | file | -] [arg] ...
    Options:
      -c cmd   : program passed in as string
      -h       : print this help message and exit (also --help)
      -V       : print the kscript version number and exit (also --version)
      file     : program read from script file
      -        : program read from stdin
      arg ...  : arguments passed to program in sys.argv[1:]
    Documentation: docs/LANGUAGE.md in the kscript repository.
    """

    func run() -> Int32 {
        var args = arguments[...]
        while let a = args.first, a.hasPrefix("-"), a != "-" {
            args = args.dropFirst()
            switch a {
            case "-h", "--help": print(KScriptCommand.usage); return 0
            case "-V", "--version": print(KScriptCommand.version); return 0
            case "-c":
                guard let code = args.first else {
                    FileHandle.standardError.write("Argument expected for the -c option\n\(KScriptCommand.usage)\n".data(using: .utf8)!)
                    return 2
                }
                return runSource(code, file: "<string>", argv: ["-c"] + args.dropFirst())
            default:
                FileHandle.standardError.write("unknown option \(a)\n\(KScriptCommand.usage)\n".data(using: .utf8)!)
                return 2
            }
        }
        guard let path = args.first else {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return runSource(String(decoding: data, as: UTF8.self), file: "<stdin>", argv: [""])
        }
        if path == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return runSource(String(decoding: data, as: UTF8.self), file: "<stdin>", argv: ["-"] + args.dropFirst())
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "Permission denied" : "No such file or directory"
            FileHandle.standardError.write("kscript: can't open file '\(path)': [Errno 2] \(reason)\n".data(using: .utf8)!)
            return 2
        }
        guard let source = String(data: data, encoding: .utf8) else {
            FileHandle.standardError.write("kscript: file '\(path)' is not valid UTF-8\n".data(using: .utf8)!)
            return 2
        }
        // CPython names the main script by its absolute path in tracebacks.
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        return runSource(source, file: absolute, argv: Array(args))
    }

    func runSource(_ source: String, file: String, argv: [String]) -> Int32 {
        let interp = Interpreter()
        interp.argv = argv
        let dir = file.hasPrefix("<") ? FileManager.default.currentDirectoryPath : (file as NSString).deletingLastPathComponent
        interp.searchPaths = [dir.isEmpty ? "." : dir]
        let module = interp.makeMainModule(file: file)
        return interp.runMain(source: source, file: file, module: module)
    }
}
