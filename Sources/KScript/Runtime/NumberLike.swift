// Native objects that stand for a Python number (numpy's scalars): dict keys, hash(), indexes and
// ordering treat them as the number they hold, as CPython does through their own methods.
public protocol PyNumberLike: AnyObject {
    /// The Python number held: `.int`, `.float` or `.bool`.
    var pythonNumber: Value { get }
    /// Whether it serves as an index (`__index__`): integer scalars do, float and bool ones do not.
    var isIndex: Bool { get }
}
