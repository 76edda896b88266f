"""Running a sweep: chunks of samples, each one compiled call over its runs, streamed to Zarr.

One code path for every backend: chunks are submitted to an executor and their results written
into the store as they complete. ``in_process`` evaluates the chunks in this process, one after
the other (each chunk is itself parallel over its runs with ``prange``), while a writer thread
stores the previous chunk (one write in flight; the kernel holds no GIL); ``dask`` submits them
to a Dask distributed cluster — an embedded ``LocalCluster`` by default, or an existing scheduler
given its address. Memory stays bounded by a few chunks whatever the number of samples.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

import numpy as np
from tqdm.auto import tqdm

from sim.sweep.provenance import text_digest
from sim.sweep.store import ChunkWriter, chunk_rows, open_store, pending_chunks

log = logging.getLogger(__name__)
BACKENDS = ("in_process", "dask")


def store_digests(config_yaml: str, digests: dict[str, str] | None = None) -> dict[str, str]:
    """The digests a store records: its config's and those of the other inputs (``sim.sweep.provenance``)."""
    return {"config (model, scenario and sweep groups)": text_digest(config_yaml)} | dict(digests or {})


@contextmanager
def _dask_client(address: str | None, workers: int) -> Iterator:
    from dask.distributed import Client, LocalCluster

    if address:
        with Client(address) as client:
            yield client
        return
    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        with Client(cluster) as client:
            yield client


def _evaluate(evaluator: Callable, inputs: np.ndarray, threads: int | None = None) -> dict[str, np.ndarray]:
    return evaluator(inputs, threads=threads)


def run_sweep(evaluator, inputs: np.ndarray, parameters: list[str], store: str | Path, *, config_yaml: str,
              chunk_size: int, digests: dict[str, str] | None = None, backend: str = "in_process",
              address: str | None = None, workers: int = 2, progress: bool = True) -> Path:
    """Evaluate every pending chunk of ``inputs`` (sample, parameter) and write it into ``store``.

    ``evaluator(values, threads=None)`` maps (rows, parameter) to {output: (rows, *dims)} (``threads``:
    the kernel's threads, None = all; one per task on Dask); it has ``outputs``
    (name -> (dims, shape)) and ``coords``. ``digests``: input -> digest of what else determines the
    numbers (``sim.sweep.provenance.inputs_digests``). A killed sweep restarted with the same config
    and inputs continues from its finished chunks, after verifying them (a missing or damaged chunk is
    computed again); another config or a changed input is refused (``StoreMismatch``).
    """
    if backend not in BACKENDS:
        raise ValueError(f"sweep.backend={backend!r} is not allowed; allowed: {list(BACKENDS)}")
    if not (isinstance(chunk_size, int) and chunk_size >= 1):
        raise ValueError(f"sweep.chunk_size={chunk_size!r} is not allowed; allowed: a positive integer")
    group = open_store(Path(store), digests=store_digests(config_yaml, digests), config_yaml=config_yaml,
                       inputs=inputs, parameters=parameters, outputs=evaluator.outputs, coords=evaluator.coords,
                       chunk_size=chunk_size)
    pending = pending_chunks(group)
    log.info("%d of %d chunks to run (%s)", len(pending), group["done"].shape[0], backend)
    bar = tqdm(total=len(pending), unit="chunk", disable=not progress, desc="sweep")
    writer = ChunkWriter(group)
    try:
        if backend == "in_process":
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="sweep-writer") as thread:
                writing = None
                for chunk in pending:
                    results = _evaluate(evaluator, inputs[chunk_rows(group, chunk)])
                    if writing is not None:
                        writing.result()  # the previous chunk is stored (or its error raised) first
                        bar.update()
                    writing = thread.submit(writer.write_chunk, chunk, results)
                if writing is not None:
                    writing.result()
                    bar.update()
        else:
            from dask.distributed import as_completed

            with _dask_client(address, workers) as client:
                remote = client.scatter(evaluator, broadcast=True)
                # one thread per task: the workers share the cores, a kernel must not multiply them
                futures = {client.submit(_evaluate, remote, inputs[chunk_rows(group, chunk)], 1, pure=False): chunk
                           for chunk in pending}
                for future in as_completed(futures):
                    writer.write_chunk(futures[future], future.result())
                    bar.update()
    finally:
        bar.close()
    return Path(store)
