"""The model's dimensions, declared once: regions, sexes, single years of age, broad age groups."""

import numpy as np

REGIONS = ("Aomori", "Iwate", "Miyagi", "Akita", "Yamagata", "Fukushima")
"""The six prefectures, in the model's order (dimension ``region``)."""
REGIONS_JA = ("青森県", "岩手県", "宮城県", "秋田県", "山形県", "福島県")
SEXES = ("male", "female")
"""Sexes, in the model's order (dimension ``sex``)."""
FEMALE = SEXES.index("female")
FUKUSHIMA = REGIONS.index("Fukushima")
MIYAGI = REGIONS.index("Miyagi")
#: Order in which the population sector visits the regions: Miyagi first, so that the moves of
#: the other five into Miyagi add to rates it has already written.
REGION_ORDER = (MIYAGI,) + tuple(r for r in range(len(REGIONS)) if r != MIYAGI)
N_REGIONS = len(REGIONS)
FIRM_SIZES = ("small", "larger")
"""Firm size classes of the DX stages (dimension ``firm_size``): small = 小規模企業 (up to 20
employees, 5 in commerce and services), larger = every other enterprise."""
N_FIRM_SIZES = len(FIRM_SIZES)
DX_STAGES = ("considering", "doing", "advanced")
"""Stages of DX beyond "not started" (dimension ``dx_stage``; not started = 1 − their sum)."""
N_DX_STAGES = len(DX_STAGES)
FACILITIES = ("shopping_centre", "university", "department_store", "emergency_centre", "museum")
"""Facilities of the service-access index (dimension ``facility``; EVIDENCE.md L1-L2)."""
N_FACILITIES = len(FACILITIES)
N_CITIES = 5
"""Largest municipalities per prefecture in the service-access index (dimension ``city``)."""
N_SEXES = len(SEXES)
N_AGES = 101
"""Single years of age 0..100 (dimension ``age``); the last is the open group 100+."""
OPEN_AGE = N_AGES - 1

#: Age slots that may bear children (the fertility shape must be zero outside; checked when the
#: data are packed): the national pattern covers ages 15-49, slot-averaged 14-49.
FERTILE_SLOTS = (10, 55)

#: Ages (at the census date that starts the year) counted as "young movers" for net_migration_15_29.
YOUNG_MOVERS = (15, 29)


def age_weights(first: int, last: int) -> np.ndarray:
    """1.0 for the age slots ``first..last`` (inclusive), 0.0 elsewhere: an age group as weights.

    Compiled kernels multiply by these (constants compiled in) instead of testing the age: in
    SIMD lanes a multiply is cheaper than a compare and blend per group, and gives the same sum.
    """
    ages = np.arange(N_AGES)
    return ((ages >= first) & (ages <= last)).astype(np.float64)


#: Age groups the economy reads (MODEL.md §2.2): 15-64, 65-74 (older workers), 65+, young movers.
WORKING_AGES = age_weights(15, 64)
OLDER_WORKER_AGES = age_weights(65, 74)
ELDERLY_AGES = age_weights(65, OPEN_AGE)
YOUNG_AGES = age_weights(*YOUNG_MOVERS)
