"""How the importer lays out generated code (sim.core.vensim.translate._emit): equations over the same
loops share one loop only when no element is read before it is computed; values are kept in locals;
fixed parameters are read once. Results equal to the unfused code are checked on the example models
by tests/test_vensim_import.py (bit for bit against the twins, 1e-9 against PySD)."""

from sim.core.vensim.translate import _Block, _emit

LOOP = ["for i0 in range(3):"]


def test_equations_reading_their_own_element_share_a_loop_and_locals():
    a = _Block(LOOP, [], [("y", "s", "i0")], ("aux", "a", "i0"), "(y[i0] * p[4])", "_a_a_0")
    b = _Block(LOOP, [], [("aux", "a", "i0")], ("aux", "b", "3 + i0"), "(aux[i0] + 1.0)", "_a_b_0")
    assert _emit([a, b]) == [
        "_p4 = p[4]",
        "for i0 in range(3):",
        "    _a_a_0 = float((y[i0] * _p4))",
        "    aux[i0] = _a_a_0",
        "    _a_b_0 = float((_a_a_0 + 1.0))",
        "    aux[3 + i0] = _a_b_0",
    ]


def test_an_equation_reading_another_element_starts_a_new_loop():
    a = _Block(LOOP, [], [], ("aux", "a", "i0"), "y[i0]", "_a_a_0")
    b = _Block(LOOP, [], [("aux", "a", "2")], ("aux", "b", "3 + i0"), "aux[2]", "_a_b_0")
    lines = _emit([a, b])
    assert lines.count("for i0 in range(3):") == 2
    assert "    _a_b_0 = float(aux[2])" in lines  # read from the array, written by the whole first loop


def test_a_value_outside_loops_is_read_from_its_local_everywhere_after():
    total = _Block([], ["_acc1 = 0.0"], [], ("aux", "total", "6"), "_acc1", "_a_total_0")
    share = _Block(LOOP, [], [("aux", "total", "6")], ("aux", "share", "i0"), "(y[i0] / aux[6])", "_a_share_0")
    flow = _Block(LOOP, [], [("aux", "share", "i0")], ("dydt", "s", "i0"), "aux[i0]")
    assert _emit([total, share, flow]) == [
        "_acc1 = 0.0",
        "_a_total_0 = float(_acc1)",
        "aux[6] = _a_total_0",
        "for i0 in range(3):",
        "    _a_share_0 = float((y[i0] / _a_total_0))",
        "    aux[i0] = _a_share_0",
        "    dydt[i0] = _a_share_0",
    ]
