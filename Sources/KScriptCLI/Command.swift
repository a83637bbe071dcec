// Parses the command line and runs the chosen program, mapping the outcome to an exit status.
import Foundation
import KScript
import KScriptBindings

struct KScriptCommand {
    let arguments: [String]
    static let version = "kscript 0.1.0"
    static let usage = """
    usage: kscript [option] ... [-c cmd | file | -] [arg] ...
    Options:
      -c cmd   : program passed in as string (terminates option list)
      -i       : inspect interactively after running the script
      -h       : print this help message and exit (also --help)
      -V       : print the kscript version number and exit (also --version)
      file     : program read from script file
      -        : program read from stdin (default; interactive mode if a tty)
      arg ...  : arguments passed to program in sys.argv[1:]
    Documentation: README.md and docs/ in the kscript repository.
    """

    func fail(_ message: String, status: Int32 = 2, usage: Bool = false) -> Int32 {
        let text = message + "\n" + (usage ? KScriptCommand.usage + "\n" : "")
        FileHandle.standardError.write(text.data(using: .utf8)!)
        return status
    }

    func run() -> Int32 {
        var args = arguments[...]
        var inspect = false
        while let a = args.first, a.hasPrefix("-"), a != "-" {
            args = args.dropFirst()
            switch a {
            case "-h", "--help": print(KScriptCommand.usage); return 0
            case "-V", "--version": print(KScriptCommand.version); return 0
            case "-i": inspect = true
            case "-c":
                guard let code = args.first else { return fail("Argument expected for the -c option", usage: true) }
                return execute(code, file: "<string>", argv: ["-c"] + args.dropFirst(), inspect: inspect)
            default:
                return fail("unknown option \(a)", usage: true)
            }
        }
        guard let path = args.first, path != "-" else {
            let argv = args.isEmpty ? [""] : Array(args)
            if isatty(0) != 0 || (inspect && args.isEmpty) { return interactive(argv: argv) }
            let data = FileHandle.standardInput.readDataToEndOfFile()
            return execute(String(decoding: data, as: UTF8.self), file: "<stdin>", argv: argv, inspect: false)
        }
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue else {
            let why = isDir.boolValue ? "[Errno 21] Is a directory" : "[Errno 2] No such file or directory"
            return fail("kscript: can't open file '\(path)': \(why)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            return fail("kscript: can't open file '\(path)': [Errno 13] Permission denied")
        }
        guard let source = String(data: data, encoding: .utf8) else {
            return fail("kscript: can't read file '\(path)': it is not UTF-8 text")
        }
        // CPython names the main script by its absolute path in tracebacks.
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        return execute(source, file: absolute, argv: Array(args), inspect: inspect)
    }

    func makeInterpreter(file: String, argv: [String]) -> (Interpreter, PyModule) {
        let interp = Interpreter()
        Bindings.install(into: interp)
        interp.argv = argv
        interp.interruptFlag = SignalFlag.interrupt
        let dir = file.hasPrefix("<") ? FileManager.default.currentDirectoryPath : (file as NSString).deletingLastPathComponent
        interp.searchPaths = [dir.isEmpty ? "." : dir]
        return (interp, interp.makeMainModule(file: file))
    }

    /// Runs a program; with `inspect`, continues in the REPL with its names.
    func execute(_ source: String, file: String, argv: [String], inspect: Bool) -> Int32 {
        SignalFlag.install()
        let (interp, module) = makeInterpreter(file: file, argv: argv)
        let status = interp.runMain(source: source, file: file, module: module)
        if !inspect { return status }
        return REPL(interp: interp, module: module).run(showBanner: false)
    }

    func interactive(argv: [String]) -> Int32 {
        SignalFlag.install()
        let (interp, module) = makeInterpreter(file: "<stdin>", argv: argv)
        interp.err.flushFirst = interp.out
        return REPL(interp: interp, module: module).run()
    }
}
