// The `itertools` module, written in kscript itself: the iterator building blocks as generators.

enum ItertoolsSource {
    static let text = #"""
"""Iterator building blocks: infinite counters, combinatorics, grouping and slicing of iterables."""

def count(start=0, step=1):
    n = start
    while True:
        yield n
        n += step

def cycle(iterable):
    saved = []
    for item in iterable:
        yield item
        saved.append(item)
    while saved:
        for item in saved:
            yield item

def repeat(object, times=None):
    if times is None:
        while True:
            yield object
    for _ in range(times):
        yield object

def accumulate(iterable, func=None, *, initial=None):
    it = iter(iterable)
    total = initial
    if initial is None:
        try:
            total = next(it)
        except StopIteration:
            return
    yield total
    for item in it:
        total = total + item if func is None else func(total, item)
        yield total

def chain(*iterables):
    for iterable in iterables:
        yield from iterable

def _chain_from_iterable(iterables):
    for iterable in iterables:
        yield from iterable

chain.from_iterable = _chain_from_iterable

def compress(data, selectors):
    for item, keep in zip(data, selectors):
        if keep:
            yield item

def dropwhile(predicate, iterable):
    it = iter(iterable)
    for item in it:
        if not predicate(item):
            yield item
            break
    yield from it

def takewhile(predicate, iterable):
    for item in iterable:
        if not predicate(item):
            return
        yield item

def filterfalse(predicate, iterable):
    for item in iterable:
        if not (bool(item) if predicate is None else predicate(item)):
            yield item

def islice(iterable, *args):
    bounds = slice(*args)
    start = 0 if bounds.start is None else bounds.start
    step = 1 if bounds.step is None else bounds.step
    stop = bounds.stop
    for name, value in (("Indices", start), ("Step", step)):
        if not isinstance(value, int) or value < 0 or (name == "Step" and value == 0):
            raise ValueError("Indices for islice() must be None or an integer: 0 <= x <= sys.maxsize." if name == "Indices"
                             else "Step for islice() must be a positive integer or None.")
    if stop is not None and (not isinstance(stop, int) or stop < 0):
        raise ValueError("Stop argument for islice() must be None or an integer: 0 <= x <= sys.maxsize.")
    wanted = start
    for index, item in enumerate(iterable):
        if stop is not None and index >= stop:
            return
        if index == wanted:
            yield item
            wanted += step

def starmap(function, iterable):
    for args in iterable:
        yield function(*args)

def zip_longest(*iterables, fillvalue=None):
    iterators = [iter(it) for it in iterables]
    remaining = len(iterators)
    while remaining:
        row = []
        for k, it in enumerate(iterators):
            if it is None:
                row.append(fillvalue)
                continue
            try:
                row.append(next(it))
            except StopIteration:
                iterators[k] = None
                remaining -= 1
                row.append(fillvalue)
        if remaining:
            yield tuple(row)

def pairwise(iterable):
    it = iter(iterable)
    try:
        previous = next(it)
    except StopIteration:
        return
    for item in it:
        yield (previous, item)
        previous = item

def tee(iterable, n=2):
    items = list(iterable)
    return tuple(iter(items) for _ in range(n))

def product(*iterables, repeat=1):
    pools = [tuple(it) for it in iterables] * repeat
    results = [()]
    for pool in pools:
        results = [prefix + (item,) for prefix in results for item in pool]
    for combination in results:
        yield combination

def permutations(iterable, r=None):
    pool = tuple(iterable)
    n = len(pool)
    r = n if r is None else r
    if r > n:
        return
    def extend(prefix, used):
        if len(prefix) == r:
            yield tuple(pool[i] for i in prefix)
            return
        for i in range(n):
            if i not in used:
                yield from extend(prefix + [i], used | {i})
    yield from extend([], set())

def _increasing_choices(pool, r, step):
    # Index tuples in lexicographic order; each index is at least the previous one plus `step`.
    n = len(pool)
    def extend(prefix, first):
        if len(prefix) == r:
            yield tuple(pool[i] for i in prefix)
            return
        for i in range(first, n):
            yield from extend(prefix + [i], i + step)
    yield from extend([], 0)

def combinations(iterable, r):
    pool = tuple(iterable)
    if r <= len(pool):
        yield from _increasing_choices(pool, r, 1)

def combinations_with_replacement(iterable, r):
    pool = tuple(iterable)
    if pool or not r:
        yield from _increasing_choices(pool, r, 0)

def groupby(iterable, key=None):
    it = iter(iterable)
    sentinel = object()
    pending = sentinel
    while True:
        if pending is sentinel:
            try:
                pending = next(it)
            except StopIteration:
                return
        group_key = pending if key is None else key(pending)
        members = [pending]
        pending = sentinel
        for item in it:
            if (item if key is None else key(item)) == group_key:
                members.append(item)
            else:
                pending = item
                break
        yield (group_key, iter(members))
"""#
}
