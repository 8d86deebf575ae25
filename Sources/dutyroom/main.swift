import DutyServer
import Foundation
import Logging
import Vapor

// Line-buffered stdout, so the start-up banner shows at once when piped to a log.
setvbuf(stdout, nil, _IOLBF, 0)

let config: AppConfig
do {
    config = try AppConfig.fromEnvironment()
} catch {
    FileHandle.standardError.write(Data("dutyroom: \(error)\n".utf8))
    exit(2)
}

var env = try Environment.detect()
LoggingSystem.bootstrap { label in
    var h = StreamLogHandler.standardError(label: label)
    h.logLevel = config.logLevel
    return h
}
let app = try await Application.make(env)
do {
    try await configure(app, config: config)
    DutyRoomCommands.register(app)
    let args = CommandLine.arguments.dropFirst()
    if args.first == nil || (args.first == "serve" && !args.contains("--help") && !args.contains("-h")) {
        try await DutyRoomCommands.prepareServe(app)
    }
    try await app.execute()
    try await app.asyncShutdown()
} catch {
    let code = (error as? CustomStringConvertible).map { "\($0)" } ?? "\(error)"
    if code.hasPrefix("exit ") {
        try? await app.asyncShutdown()
        exit(Int32(code.dropFirst(5)) ?? 1)
    }
    FileHandle.standardError.write(Data("dutyroom: \(error)\n".utf8))
    try? await app.asyncShutdown()
    exit(1)
}
