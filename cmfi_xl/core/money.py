"""Money is :class:`decimal.Decimal` baht, quantized to satang (0.01). Never ``float``.

Two helpers for *program* values (not user input — for that use
:func:`cmfi_xl.core.thai.parse_money`, which never raises):

* :func:`D` turns an ``int``, ``str``, ``Decimal`` or ``float`` into an exact ``Decimal``.
* :func:`quantize_baht` rounds to satang, half up (away from zero), as Excel's ``ROUND`` does.

Why floats go through ``repr``
------------------------------
Excel stores every number as an IEEE-754 double, so openpyxl hands us ``float``.
``Decimal(2.675)`` is the *exact* binary value ``2.67499999999999982236431605997495353…``,
which rounds half-up to 2.67 although the user typed 2.675 and Excel shows 2.68.
``repr(2.675)`` is the shortest decimal string that round-trips to the same double, i.e.
``"2.675"`` — the number the user typed. ``Decimal(repr(f))`` therefore recovers the typed
value, and float noise from formulas (``0.1 + 0.2 -> 0.30000000000000004``) disappears when
the result is quantized to satang.

``D`` also rounds a float to 15 significant digits, the precision Excel displays and computes
with, because formula noise can land just below a half satang: ``=2.5*1.07`` is
``2.6750000000000003`` and a total may come out as ``2.6749999999999998``; both are 2.675 to
Excel, and so to us (then 2.68 after :func:`quantize_baht`).
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal

__all__ = ["SATANG", "D", "quantize_baht"]

#: One satang, the quantum of every amount of money.
SATANG = Decimal("0.01")

_EXCEL_DIGITS = Context(prec=15, rounding=ROUND_HALF_EVEN)


def D(value: str | Decimal | float) -> Decimal:
    """``Decimal`` for an int/float/str/Decimal; floats via ``repr`` and 15 digits (see above).

    Raises ``TypeError`` for other types (``bool`` included) and ``ValueError`` for NaN,
    infinities and unparsable strings: this is for trusted values, not user input.
    """
    if isinstance(value, bool):
        raise TypeError("D() does not accept bool")
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int):
        result = Decimal(int(value))
    elif isinstance(value, float):  # also numpy.float64, whose repr is "np.float64(...)"
        f = float(value)
        if not math.isfinite(f):
            raise ValueError(f"not a finite number: {value!r}")
        result = _trim(_EXCEL_DIGITS.plus(Decimal(repr(f))))
    elif isinstance(value, str):
        try:
            result = Decimal(value.strip())
        except ArithmeticError as exc:  # decimal.InvalidOperation
            raise ValueError(f"not a number: {value!r}") from exc
    else:
        raise TypeError(f"D() does not accept {type(value).__name__}")
    if not result.is_finite():
        raise ValueError(f"not a finite number: {value!r}")
    return result


def _trim(d: Decimal) -> Decimal:
    """Drop trailing fractional zeros (``2.67500`` → ``2.675``, ``100.0`` → ``100``)."""
    if d.as_tuple().exponent >= 0:  # type: ignore[operator]
        return d
    n = d.normalize()
    return n.quantize(Decimal(1)) if n.as_tuple().exponent > 0 else n  # type: ignore[operator]


def quantize_baht(amount: Decimal) -> Decimal:
    """Round to satang, half up (away from zero); ``-0.00`` becomes ``0.00``.

    >>> quantize_baht(Decimal("2.675")), quantize_baht(Decimal("-2.675"))
    (Decimal('2.68'), Decimal('-2.68'))
    """
    q = amount.quantize(SATANG, rounding=ROUND_HALF_UP)
    return q.copy_abs() if q.is_zero() else q
