"""The one place that holds numba options.

The decorators, on purpose:

``kernel``
    For every compiled function that is called from another compiled function:
    builtins, integrator steps, model right-hand sides and sectors. These are *not*
    cached on their own. Numba keys a cache entry on the timestamp of the file
    that defines the function, not on the files of the functions it calls, so a
    cached caller would silently keep stale code after an edit in a callee's
    file. Instead they are compiled into the drivers below.

``cached_kernel``
    For the top-level drivers only (see ``sim.core.drivers``). Their source is
    generated into a file whose name carries a hash of all the code they reach,
    so an edit anywhere in that code yields a new file and a fresh compile, and
    an unchanged model loads from numba's on-disk cache in a new process.

``plain_kernel``
    A ``kernel`` compiled without numba's reference counting (``_nrt=False``): it may not allocate
    arrays, and takes the ones it is given without the atomic increment and decrement of their
    reference count around each use that numba otherwise leaves wherever its pruning pass fails
    (a function whose array arguments' last uses differ by branch, or are inlined into a loop);
    in the Tohoku model's rate evaluation that was about a hundred atomic operations per call, on
    the parameter and data arrays shared by all threads. The rates' sectors use it; whatever
    allocates (drivers, the economy's init) stays a ``kernel``. It also lets LLVM fuse a
    multiplication and the addition that uses it into one fused multiply-add
    (``fastmath={"contract"}``): one rounding instead of two, and 3-6 % more sweep runs per
    second on the Tohoku model (benchmarks/README.md, "Fused multiply-add"). The numbers then
    differ from strict IEEE order in their last bits (each fused pair is the more accurate), are
    the same in every run, serial or parallel, and the same on every x86-64 CPU with FMA (every
    one since 2013) and every ARM64 CPU; a CPU without FMA would give other last bits.

``inline_kernel``
    A ``plain_kernel`` that numba inlines into its callers (``inline="always"``): for the small
    functions of a hot loop that LLVM leaves as calls. Numba inlines the function's own code with
    the caller's options, so it is for ``plain_kernel`` callers only, never a
    ``reassociating_kernel``'s callee.

``reassociating_kernel``
    A ``plain_kernel`` that also lets LLVM re-associate additions (``fastmath={"reassoc",
    "contract"}`` and no other fast-math flag), so long sums run in SIMD lanes. For hot loops of sums only, each use
    documented. The order of additions is then the compiler's, fixed for a given build: runs
    repeat bit for bit and parallel equals serial; only another CPU's vector width could change
    the last bits.

``error_model="numpy"`` makes division by zero give inf/nan as in NumPy instead
of raising, which keeps the inner loops free of Python exception checks.
No other fast-math: no assumptions about NaN, infinities or reciprocals. Only the Tohoku
model's kernels take ``contract`` and ``reassoc``; the core's ``kernel`` (builtins, integrator
steps, the models imported from Vensim) keeps strict IEEE order, so that imported models agree
with PySD bit for bit.
"""

from __future__ import annotations

import numba

from sim.core.kernel_cache import enable_verified_cache

NUMBA_OPTIONS = {"error_model": "numpy", "nogil": True}

kernel = numba.njit(**NUMBA_OPTIONS)
"""Decorator for compiled functions that other compiled functions call."""

plain_kernel = numba.njit(**NUMBA_OPTIONS, _nrt=False, fastmath={"contract"})
"""A ``kernel`` that allocates nothing, compiled without numba's reference counting (see the module
docstring)."""

inline_kernel = numba.njit(**NUMBA_OPTIONS, _nrt=False, fastmath={"contract"}, inline="always")
"""A ``plain_kernel`` inlined into its callers by numba (see the module docstring)."""

reassociating_kernel = numba.njit(**NUMBA_OPTIONS, _nrt=False, fastmath={"reassoc", "contract"})
"""A ``plain_kernel`` whose sums may be re-associated (vectorised); see the module docstring."""


def cached_kernel(*, parallel: bool = False):
    """Decorator for a top-level driver: compiled once, then loaded from disk (numba's cache,
    verified by ``sim.core.kernel_cache``: a damaged entry is compiled again)."""

    def decorate(function):
        dispatcher = numba.njit(parallel=parallel, **NUMBA_OPTIONS)(function)
        enable_verified_cache(dispatcher)
        return dispatcher

    return decorate
