// The `statistics` module, written in kscript itself: averages and spreads.

enum StatisticsSource {
    static let text = #"""
"""Basic statistics of numeric data, as CPython's statistics module (on floats)."""

import math

class StatisticsError(ValueError):
    pass

def _floats(data, need, what):
    values = list(data)
    if len(values) < need:
        if need == 1:
            raise StatisticsError(what + ' requires at least one data point')
        raise StatisticsError(what + ' requires at least two data points')
    return values

def _ratio(v):
    if isinstance(v, int):
        return int(v), 1
    return float(v).as_integer_ratio()

def _scaled(values):
    """The values as integers over one common denominator: (numerators, denominator)."""
    pairs = [_ratio(v) for v in values]
    den = 1
    for n, d in pairs:
        den = den * d // math.gcd(den, d)
    return [n * (den // d) for n, d in pairs], den

def _convert(num, den, values):
    g = math.gcd(num, den)
    num, den = num // g, den // g
    if den == 1 and all(isinstance(v, int) for v in values):
        return num
    return num / den

def _exact_ss(values):
    """The exact sum of squared deviations from the mean, as (numerator, denominator)."""
    nums, den = _scaled(values)
    n = len(nums)
    return n * sum(x * x for x in nums) - sum(nums) ** 2, n * den * den

def _sqrt_of_fraction(n, m):
    """The square root of n/m correctly rounded (round-to-odd integer square root, then one division)."""
    g = math.gcd(n, m)
    n, m = n // g, m // g
    q = (n.bit_length() - m.bit_length() - 109) // 2
    if q >= 0:
        a = math.isqrt(n // (m << 2 * q))
        root = (a | (a * a * (m << 2 * q) != n)) << q
        return root / 1
    a = math.isqrt((n << -2 * q) // m)
    root = a | (a * a * m != (n << -2 * q))
    return root / (1 << -q)

def mean(data):
    values = _floats(data, 1, 'mean')
    nums, den = _scaled(values)
    return _convert(sum(nums), den * len(values), values)

def fmean(data):
    values = _floats(data, 1, 'fmean')
    return math.fsum(values) / len(values)

def geometric_mean(data):
    values = _floats(data, 1, 'geometric_mean')
    return math.exp(fmean([math.log(v) for v in values]))

def harmonic_mean(data):
    values = _floats(data, 1, 'harmonic_mean')
    return len(values) / sum(1 / v for v in values)

def median(data):
    values = sorted(data)
    n = len(values)
    if n == 0:
        raise StatisticsError('no median for empty data')
    if n % 2 == 1:
        return values[n // 2]
    i = n // 2
    return (values[i - 1] + values[i]) / 2

def median_low(data):
    values = sorted(data)
    if not values:
        raise StatisticsError('no median for empty data')
    n = len(values)
    return values[n // 2] if n % 2 == 1 else values[n // 2 - 1]

def median_high(data):
    values = sorted(data)
    if not values:
        raise StatisticsError('no median for empty data')
    return values[len(values) // 2]

def mode(data):
    values = list(data)
    if not values:
        raise StatisticsError('no mode for empty data')
    counts = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    best = max(counts.values())
    for v in counts:
        if counts[v] == best:
            return v

def multimode(data):
    counts = {}
    for v in data:
        counts[v] = counts.get(v, 0) + 1
    if not counts:
        return []
    best = max(counts.values())
    return [v for v in counts if counts[v] == best]

def variance(data, xbar=None):
    values = _floats(data, 2, 'variance')
    if xbar is not None:
        return sum((v - xbar) ** 2 for v in values) / (len(values) - 1)
    num, den = _exact_ss(values)
    return _convert(num, den * (len(values) - 1), values)

def pvariance(data, mu=None):
    values = _floats(data, 1, 'pvariance')
    if mu is not None:
        return sum((v - mu) ** 2 for v in values) / len(values)
    num, den = _exact_ss(values)
    return _convert(num, den * len(values), values)

def stdev(data, xbar=None):
    values = _floats(data, 2, 'stdev')
    if xbar is not None:
        return math.sqrt(variance(values, xbar))
    num, den = _exact_ss(values)
    return _sqrt_of_fraction(num, den * (len(values) - 1))

def pstdev(data, mu=None):
    values = _floats(data, 1, 'pstdev')
    if mu is not None:
        return math.sqrt(pvariance(values, mu))
    num, den = _exact_ss(values)
    return _sqrt_of_fraction(num, den * len(values))
"""#
}
