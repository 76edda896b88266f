"""The named feedback loops of MODEL.md §3: chain of variables, polarity, spiral, knock-out gate.

Each loop has one **gated link**: a variable that, inside that loop, is read through
``gated = gate · x + (1 − gate) · x_ref``, where ``x_ref`` is the variable's value at the start of
the run (the reference state the economy is initialised in). The parameter ``loop_gate`` holds one
gate per loop (1 = the loop acts, 0 = knocked out: its link sees the start value, so the loop's
feedback is cut while every other loop still runs). ``sim.run(..., knockout=["R1"])`` sets gates
to 0; ``sim.spirals.attribution`` compares runs with and without each spiral's loops.

The gated links are chosen so that each gate cuts its own loop only (MODEL.md §3 lists loops
that share variables; they do not share the gated link).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Loop:
    """A named feedback loop.

    Attributes
    ----------
    id : str  The loop's id in MODEL.md §3 (``"R1"``, ``"B10"``...).
    chain : tuple of (variable, sign)  The variables around the loop in causal order; ``sign`` is
        the polarity (+1 or −1) of the link from that variable to the next (the last to the first).
    spiral : str  The shrinking spiral it belongs to (``"S1"``...``"S4"``) or that it counters
        (``"counter-S1"``...), or ``"reconstruction"``.
    gated_link : (str, str)  The link the knock-out gate cuts: (from variable, to variable).
    description : str
    """

    id: str
    chain: tuple[tuple[str, int], ...]
    spiral: str
    gated_link: tuple[str, str]
    description: str

    @property
    def polarity(self) -> str:
        """"R" (reinforcing) when the product of the link signs is positive, else "B" (balancing)."""
        product = 1
        for _, sign in self.chain:
            product *= sign
        return "R" if product > 0 else "B"


LOOPS = (
    Loop("R1", (("population", +1), ("consumption", +1), ("demand", +1), ("labour demand", +1),
                ("jobs ratio", -1), ("out-migration", -1)), "S1",
         ("population", "consumption"),
         "fewer people, less consumption (wages, pensions, public services), fewer jobs, more leave"),
    Loop("R2", (("demand", +1), ("investment", +1), ("capital", -1), ("unit labour cost", -1),
                ("external demand", +1)), "S1",
         ("demand", "investment"),
         "weak demand, less investment, an ageing capital stock, higher cost per unit of output, weaker external demand"),
    Loop("R3", (("population", +1), ("facilities and service firms", +1), ("service index", +1),
                ("attractiveness", -1), ("out-migration", -1)), "S3",
         ("service index", "attractiveness"),
         "fewer people, facilities (by MLIT's population thresholds), shops and services close, the region is "
         "less attractive, more leave"),
    Loop("B1", (("out-migration", -1), ("labour force", -1), ("jobs ratio", +1), ("wage", -1)), "S1",
         ("labour force", "jobs ratio"),
         "leavers tighten the labour market, wages rise, fewer leave"),
    Loop("R6", (("output growth", +1), ("productivity", +1), ("competitiveness", +1),
                ("external demand", +1)), "S2",
         ("output growth", "productivity"),
         "Kaldor-Verdoorn: output growth raises productivity growth, which raises output"),
    Loop("R7", (("productivity gap", +1), ("wage gap", +1), ("out-migration", -1), ("density", -1)), "S2",
         ("density", "productivity gap"),
         "the productivity gap drives the young to Tokyo; lower density lowers productivity (agglomeration)"),
    Loop("R9", (("young share", -1), ("successor absence", +1), ("closures", -1), ("service index", +1),
                ("attractiveness", -1), ("out-migration of the young", -1)), "S3",
         ("young share", "successor absence"),
         "the young leave, firms lack successors and close, services thin out, more young leave"),
    Loop("R10", (("firms per head", -1), ("leakage", -1), ("demand", +1)), "S3",
         ("firms per head", "leakage"),
         "local suppliers exit (and facilities close with the people), more spending leaks out of the region, "
         "demand falls, more exit"),
    Loop("R13", (("out-migration of the young", -1), ("skill index", +1), ("productivity", +1), ("wage", -1)),
         "S4", ("out-migration of the young", "skill index"),
         "brain drain: the skilled young leave, skills and productivity fall, the wage gap widens"),
    Loop("R4+", (("knowledge", +1), ("productivity", +1), ("external demand", +1), ("output", +1),
                 ("private R&D", +1)), "counter-S1",
         ("output", "private R&D"),
         "innovation: knowledge raises productivity and external demand, profits fund more R&D"),
    Loop("R8+", (("DX adopters", +1), ("imitation", +1)), "counter-S2",
         ("DX adopters", "imitation"),
         "imitation: firms doing DX lead others to begin considering it (dx.py)"),
    Loop("R11+", (("renewable capacity", +1), ("renewable share", -1), ("energy leakage", -1), ("demand", +1),
                  ("output", +1)), "counter-S3",
         ("renewable share", "energy leakage"),
         "renewables keep energy money in the region; income and demand rise, and local investment adds more"),
    Loop("B10", (("coastal recovery gap", +1), ("reconstruction spending", -1)), "reconstruction",
         ("coastal recovery gap", "reconstruction spending"),
         "goal seeking: the remaining gap sets reconstruction spending, which closes it"),
)

LOOP_IDS = tuple(loop.id for loop in LOOPS)
N_LOOPS = len(LOOPS)

#: Index of each loop's gate in ``loop_gate`` (kernels read these constants).
GATE_R1, GATE_R2, GATE_R3, GATE_B1, GATE_R6, GATE_R7, GATE_R9, GATE_R10, GATE_R13 = range(9)
GATE_R4, GATE_R8, GATE_R11, GATE_B10 = range(9, 13)

#: The four shrinking spirals and the reinforcing loops that make each (ECONOMY_V2.md §3; for
#: ``sim.spirals.attribution``). R3 (services close with the people) is the paper's S3, the
#: regional economy-society shrinking.
SPIRALS = {
    "S1": ("R1", "R2"),
    "S2": ("R6", "R7"),
    "S3": ("R3", "R9", "R10"),
    "S4": ("R13",),
}
#: The balancing loops, attributed on their own: B1 (leavers tighten the labour market, pay rises,
#: fewer leave) works against S1; B10 (reconstruction seeks its goal).
BALANCING = tuple(loop.id for loop in LOOPS if loop.polarity == "B")
SPIRAL_NAMES = {
    "S1": "demand and supply contract together",
    "S2": "the productivity gap feeds Tokyo concentration",
    "S3": "the regional economy-society shrinks",
    "S4": "the productivity gap feeds talent maldistribution",
}
