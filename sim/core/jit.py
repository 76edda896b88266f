"""The one place that holds numba options.

Two decorators, on purpose:

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

``reassociating_kernel``
    A ``kernel`` that lets LLVM re-associate additions (``fastmath={"reassoc"}`` and no other
    fast-math flag), so long sums run in SIMD lanes. For hot loops of sums only, each use
    documented. The order of additions is then the compiler's, fixed for a given build: runs
    repeat bit for bit and parallel equals serial; only another CPU's vector width could change
    the last bits.

``error_model="numpy"`` makes division by zero give inf/nan as in NumPy instead
of raising, which keeps the inner loops free of Python exception checks.
No other fast-math: no assumptions about NaN, infinities or reciprocals.
"""

from __future__ import annotations

import ctypes
import ctypes.util

import llvmlite.binding
import numba

from sim.core.kernel_cache import enable_verified_cache

#: libm functions whose calls in compiled code go straight to glibc's implementation: name -> the
#: glibc symbol (and its version) that is that implementation without the error-handling wrapper.
LIBM_FUNCTIONS = {"exp": (b"__exp_finite", b"GLIBC_2.15")}


def bind_libm() -> bool:
    """Bind ``exp`` in compiled code to glibc's implementation without its wrapper.

    Numba's code calls ``exp`` through glibc's wrapper (``exp@GLIBC_2.2.5``, the compatibility
    symbol it links to): it calls the implementation (``__ieee754_exp``) and then tests the result
    for the SVID error handler, which compiled code never uses. ``__exp_finite`` (kept by glibc for
    binary compatibility, version GLIBC_2.15) is the implementation itself: the same function, and
    the same bits as the wrapper for every argument tried (60,000 uniform on ±750 and ±5 and
    log-normal; 0, −0, subnormal, ±inf, ±NaN, the overflow and underflow limits), overflow to inf
    and underflow to 0 included; without the wrapper's call and tests (2.9 % of the samples of the
    Tohoku model's kernel under ``perf``). ``log`` is left alone: ``__log_finite`` returns a NaN of
    the other sign for a negative argument. Registered before any kernel is compiled or loaded from
    the disk cache (symbols are resolved when code is loaded, so cached kernels bind the same way).
    Returns False, changing nothing, where the symbol is not found (another C library, or none with
    ``dlvsym``).
    """
    name = ctypes.util.find_library("m")
    if name is None:
        return False
    try:
        libm = ctypes.CDLL(name)
        dlvsym = ctypes.CDLL(None).dlvsym
    except (OSError, AttributeError):
        return False
    dlvsym.restype = ctypes.c_void_p
    dlvsym.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
    addresses = {function: dlvsym(libm._handle, symbol, version)
                 for function, (symbol, version) in LIBM_FUNCTIONS.items()}
    if not all(addresses.values()):
        return False
    for function, address in addresses.items():
        llvmlite.binding.add_symbol(function, address)
    return True


LIBM_BOUND = bind_libm()

NUMBA_OPTIONS = {"error_model": "numpy", "nogil": True}

kernel = numba.njit(**NUMBA_OPTIONS)
"""Decorator for compiled functions that other compiled functions call."""

reassociating_kernel = numba.njit(**NUMBA_OPTIONS, fastmath={"reassoc"})
"""A ``kernel`` whose sums may be re-associated (vectorised); see the module docstring."""


def cached_kernel(*, parallel: bool = False):
    """Decorator for a top-level driver: compiled once, then loaded from disk (numba's cache,
    verified by ``sim.core.kernel_cache``: a damaged entry is compiled again)."""

    def decorate(function):
        dispatcher = numba.njit(parallel=parallel, **NUMBA_OPTIONS)(function)
        enable_verified_cache(dispatcher)
        return dispatcher

    return decorate
