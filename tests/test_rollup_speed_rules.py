"""``references`` compares each reference column's *distinct* casefolded values with the known ids
(``rules._folded_distinct``): the same set as the casefolded values of every record (``_folded``),
or ``None`` (the rule's own loop) where ``_folded`` gives ``None``; the rule itself is compared with
its row-by-row loop in ``tests/test_fastpath_rules.py``."""

from __future__ import annotations

import random

from cmfi_xl.core.models import CashBookEntry, LoanContract
from cmfi_xl.validate.rules import _folded, _folded_distinct

_VALUES = ["G01", "g01", "G01 ", "ธ.ก.ส.", "ΣΑΣ", "straße", "STRASSE", "H001", "h001", "", None, None]


def test_distinct_folded_values_are_the_folded_values() -> None:
    rng = random.Random(29)
    for _ in range(500):
        recs = tuple(LoanContract(row=i + 4, lender=rng.choice(_VALUES), household_id=rng.choice(_VALUES))
                     for i in range(rng.randrange(0, 30)))
        for key in ("lender", "household_id", "principal", "not_a_field"):
            slow, fast = _folded(recs, key), _folded_distinct(recs, key)
            assert (slow is None) is (fast is None), key
            if slow is not None:
                assert set(fast) == set(slow)


def test_values_that_are_not_text_take_the_loop() -> None:
    recs = tuple(CashBookEntry(row=5 + i, bank_account="B1") for i in range(3))
    odd = recs + (CashBookEntry.model_construct(row=9, bank_account=12),)
    assert _folded(odd, "bank_account") is None and _folded_distinct(odd, "bank_account") is None
    unhashable = recs + (CashBookEntry.model_construct(row=9, bank_account=["B1"]),)
    assert _folded(unhashable, "bank_account") is None and _folded_distinct(unhashable, "bank_account") is None
    assert set(_folded_distinct(recs, "bank_account")) == {"b1"}
