// The `kscript` command: runs a script, `-c CODE`, or stdin; the REPL comes with issue #3.
import Foundation
import KScript
import KTensor

Storage.tuneAllocator()
setvbuf(stdout, nil, _IOFBF, 1 << 16)
let status = CommandLine.runInBigStack { KScriptCommand(arguments: Array(CommandLine.arguments.dropFirst())).run() }
exit(status)
