// The image preprocessing and augmentation layers' constructors (keras.layers.Resizing,
// CenterCrop, RandomCrop, RandomFlip, RandomRotation, RandomZoom, RandomTranslation, RandomContrast).
import KScript
import Keras

extension KerasSession {
    /// A factor as Keras takes it: f for (-f, f), or a (lower, upper) pair.
    func factorRange(_ v: Value) throws -> (Double, Double) {
        if case .obj(let o) = v, o is PyList || o is PyTuple {
            let items = try interp.iterateAll(v).map { try interp.floatArg($0) }
            guard items.count == 2 else { throw PyError.value("A factor must be a number or a (lower, upper) pair, received: \(try interp.repr(v))") }
            return (items[0], items[1])
        }
        let f = try interp.floatArg(v)
        return (-abs(f), abs(f))
    }

    func defineImagePreprocessingLayers() {
        func make(_ kind: ImagePreprocessing.Kind, _ name: String?) throws -> ImagePreprocessing {
            try ImagePreprocessing(context: context, kind: kind, name: name)
        }
        func check(_ interpolation: Value, _ fillMode: Value, _ layer: String) throws {
            if !interpolation.isNone, try interp.strArg(interpolation, "interpolation") != "bilinear" {
                throw PyError.notImplemented("\(layer)(interpolation=\(try interp.repr(interpolation))) is not supported by kscript yet")
            }
            let mode = try interp.strArg(fillMode, "fill_mode")
            guard ["reflect", "wrap", "constant", "nearest"].contains(mode) else {
                throw PyError.notImplemented("Unknown `fill_mode` \(mode). Expected of one ['reflect', 'wrap', 'constant', 'nearest'].")
            }
        }
        defineLayer("Resizing", ["height", "width", "interpolation", "crop_to_aspect_ratio", "pad_to_aspect_ratio", "fill_mode", "fill_value", "antialias", "data_format"],
                    defaults: [.string("bilinear"), .bool(false), .bool(false), .string("constant"), .float(0), .bool(false), .none]) { s, a, name in
            let interpolation = try s.interp.strArg(a[2], "interpolation")
            guard interpolation == "bilinear" || interpolation == "nearest" else { throw PyError.notImplemented("Resizing(interpolation='\(interpolation)') is not supported by kscript yet") }
            for (i, what) in [(3, "crop_to_aspect_ratio"), (4, "pad_to_aspect_ratio"), (7, "antialias")] where try s.interp.truthy(a[i]) {
                throw PyError.notImplemented("Resizing(\(what)=True) is not supported by kscript yet")
            }
            let l = try make(.resizing, name)
            l.size = (try s.interp.intArg(a[0]), try s.interp.intArg(a[1]))
            l.nearest = interpolation == "nearest"
            return l
        }
        for (kind, extra) in [(ImagePreprocessing.Kind.centerCrop, ["data_format"]), (.randomCrop, ["seed", "data_format"])] {
            defineLayer(kind.rawValue, ["height", "width"] + extra, defaults: extra.map { _ in .none }) { s, a, name in
                let l = try make(kind, name)
                l.size = (try s.interp.intArg(a[0]), try s.interp.intArg(a[1]))
                return l
            }
        }
        defineLayer("RandomFlip", ["mode", "seed"], defaults: [.string("horizontal_and_vertical"), .none]) { s, a, name in
            let mode = try s.interp.strArg(a[0], "mode")
            guard ["horizontal", "vertical", "horizontal_and_vertical"].contains(mode) else {
                throw PyError.value("RandomFlip layer \(name ?? "random_flip") received an unknown mode argument \(mode)")
            }
            let l = try make(.randomFlip, name)
            (l.flipColumns, l.flipRows) = (mode != "vertical", mode != "horizontal")
            return l
        }
        let warpParams = ["fill_mode", "interpolation", "seed", "fill_value"]
        let warpDefaults: [Value] = [.string("reflect"), .string("bilinear"), .none, .float(0)]
        defineLayer("RandomRotation", ["factor"] + warpParams + ["value_range", "data_format"], defaults: warpDefaults + [.none, .none]) { s, a, name in
            try check(a[2], a[1], "RandomRotation")
            let l = try make(.randomRotation, name)
            (l.rotation, l.fillMode, l.fillValue) = (try s.factorRange(a[0]), try s.interp.strArg(a[1], "fill_mode"), try s.interp.floatArg(a[4]))
            return l
        }
        defineLayer("RandomZoom", ["height_factor", "width_factor"] + warpParams + ["data_format"], defaults: [.none] + warpDefaults + [.none]) { s, a, name in
            try check(a[3], a[2], "RandomZoom")
            let l = try make(.randomZoom, name)
            l.zoomHeight = try s.factorRange(a[0])
            l.zoomWidth = a[1].isNone ? nil : try s.factorRange(a[1])
            (l.fillMode, l.fillValue) = (try s.interp.strArg(a[2], "fill_mode"), try s.interp.floatArg(a[5]))
            return l
        }
        defineLayer("RandomTranslation", ["height_factor", "width_factor"] + warpParams + ["data_format"], defaults: warpDefaults + [.none]) { s, a, name in
            try check(a[3], a[2], "RandomTranslation")
            let l = try make(.randomTranslation, name)
            (l.shiftHeight, l.shiftWidth) = (try s.factorRange(a[0]), try s.factorRange(a[1]))
            (l.fillMode, l.fillValue) = (try s.interp.strArg(a[2], "fill_mode"), try s.interp.floatArg(a[5]))
            return l
        }
        defineLayer("RandomContrast", ["factor", "value_range", "seed"], defaults: [.obj(PyTuple([.int(0), .int(255)])), .none]) { s, a, name in
            let l = try make(.randomContrast, name)
            l.contrast = try s.factorRange(a[0])
            let range = try s.interp.iterateAll(a[1]).map { try s.interp.floatArg($0) }
            guard range.count == 2 else { throw PyError.value("value_range must be a (low, high) pair") }
            l.valueRange = (range[0], range[1])
            return l
        }
    }
}
