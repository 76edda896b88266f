"""An inventory-production model that uses every builtin of ``sim.core``, after ``vensim/builtins_showcase.mdl``.

A cross-check model shared with PySD, not part of the Tohoku model; its numbers
are the .mdl file's illustrative constants (assumption: illustrative). Time in weeks.

    Inventory'          = Production - Shipments                                    [Widget/Week]
    Customer Demand     = Base Demand + STEP(Step Height, Step Time)
                          + RAMP(Ramp Slope, Ramp Start, Ramp End)
                          + Pulse Height * PULSE(Pulse Start, Pulse Width)
    Expected Demand     = SMOOTH(Customer Demand, Demand Averaging Time)
    Demand Trend        = TREND(Customer Demand, Trend Averaging Time, Initial Demand Trend)
    Demand Forecast     = Expected Demand * (1 + Demand Trend * Forecast Horizon)
    Desired Inventory   = Expected Demand * Inventory Coverage
    Inventory Ratio     = Inventory / Desired Inventory
    Fulfillment Ratio   = Fulfillment Lookup(Inventory Ratio)     (table on [0, 1], clamped outside)
    Shipments           = MIN(Customer Demand * Fulfillment Ratio, Inventory / Minimum Shipping Time)
    Perceived Inventory = SMOOTH3(Inventory, Inventory Perception Time)
    Production Orders   = MAX(0, Demand Forecast + (Desired Inventory - Perceived Inventory)
                                 / Inventory Adjustment Time)
    Production Starts   = DELAY1(Production Orders, Order Processing Time)
    Production          = DELAY3(Production Starts, Manufacturing Delay)

The inventory-control loop (Inventory -> Perceived Inventory -> Production Orders
-> Production Starts -> Production -> Inventory) runs through SMOOTH3, DELAY1 and
DELAY3; the initial inventory lies above the lookup's x range, and both MIN and MAX
bind at some times, so every branch of the builtins is exercised.

DELAY1 and DELAY3 are Vensim's (``material_delay_*``, not stage-wise): a block of the initial
delay time and the levels (order x each stage's content), the order lowered when order x TIME
STEP exceeds the delay time, with a ``DelayOrderWarning`` naming the variable (as the imported
file does; at the file's TIME STEP and delay times nothing is lowered).
"""

import numpy as np

from sim.core import (
    Aux,
    Layout,
    Model,
    Param,
    Stock,
    kernel,
    lookup,
    material_delay_init,
    material_delay_rates,
    material_delay_slots,
    pulse,
    ramp,
    smooth_n_init,
    smooth_n_rates,
    smooth_rate,
    step,
    trend_init,
    trend_value,
)

SMOOTH_ORDER = 3  # SMOOTH3
PROCESSING_ORDER = 1  # DELAY1
MANUFACTURING_ORDER = 3  # DELAY3
FULFILLMENT_X = (0.0, 0.25, 0.5, 0.75, 1.0)
FULFILLMENT_Y = (0.0, 0.5, 0.8, 0.95, 1.0)
N_FULFILLMENT = len(FULFILLMENT_X)

ILLUSTRATIVE = "assumption: illustrative"

#: The .mdl file's control section: INITIAL TIME 0, FINAL TIME 40, TIME STEP 0.125 [Week].
START, STOP, DT = 0.0, 40.0, 0.125

STOCKS = Layout([
    Stock("inventory", (), "Widget", nonnegative=True, description="finished goods on hand"),
    Stock("expected_demand", (), "Widget/Week", description="SMOOTH state"),
    Stock("perceived_inventory_stages", (SMOOTH_ORDER,), "Widget", description="SMOOTH3 stages",
          dims=("stage",)),
    Stock("demand_trend_state", (), "Widget/Week", description="TREND state"),
    Stock("orders_in_processing", (material_delay_slots(PROCESSING_ORDER, False),), "Widget", nonnegative=True,
          description="DELAY1 block: initial delay time [Week], level (order x content)", dims=("stage",)),
    Stock("work_in_process", (material_delay_slots(MANUFACTURING_ORDER, False),), "Widget", nonnegative=True,
          description="DELAY3 block: initial delay time [Week], levels (order x each stage's content)",
          dims=("stage",)),
])
PARAMS = Layout([
    Param("initial_inventory", 400.0, (), "Widget", (0, np.inf), ILLUSTRATIVE),
    Param("base_demand", 100.0, (), "Widget/Week", (0, np.inf), ILLUSTRATIVE),
    Param("step_height", 20.0, (), "Widget/Week", (-np.inf, np.inf), ILLUSTRATIVE),
    Param("step_time", 5.0, (), "Week", (-np.inf, np.inf), ILLUSTRATIVE),
    Param("ramp_slope", 2.0, (), "Widget/(Week*Week)", (-np.inf, np.inf), ILLUSTRATIVE),
    Param("ramp_start", 10.0, (), "Week", (-np.inf, np.inf), ILLUSTRATIVE),
    Param("ramp_end", 20.0, (), "Week", (-np.inf, np.inf), ILLUSTRATIVE),
    Param("pulse_height", 150.0, (), "Widget/Week", (-np.inf, np.inf), ILLUSTRATIVE),
    Param("pulse_start", 25.0, (), "Week", (-np.inf, np.inf), ILLUSTRATIVE),
    Param("pulse_width", 2.0, (), "Week", (1e-9, np.inf), ILLUSTRATIVE),
    Param("fulfillment_x", FULFILLMENT_X, (N_FULFILLMENT,), "Dmnl", (-np.inf, np.inf), ILLUSTRATIVE),
    Param("fulfillment_y", FULFILLMENT_Y, (N_FULFILLMENT,), "Dmnl", (0, 1), ILLUSTRATIVE),
    Param("minimum_shipping_time", 2.0, (), "Week", (1e-9, np.inf), ILLUSTRATIVE),
    Param("demand_averaging_time", 4.0, (), "Week", (1e-9, np.inf), ILLUSTRATIVE),
    Param("trend_averaging_time", 6.0, (), "Week", (1e-9, np.inf), ILLUSTRATIVE),
    Param("initial_demand_trend", 0.01, (), "1/Week", (-np.inf, np.inf), ILLUSTRATIVE),
    Param("forecast_horizon", 3.0, (), "Week", (0, np.inf), ILLUSTRATIVE),
    Param("inventory_coverage", 3.0, (), "Week", (1e-9, np.inf), ILLUSTRATIVE),
    Param("inventory_perception_time", 3.0, (), "Week", (1e-9, np.inf), ILLUSTRATIVE),
    Param("inventory_adjustment_time", 2.0, (), "Week", (1e-9, np.inf), ILLUSTRATIVE),
    Param("order_processing_time", 1.0, (), "Week", (1e-9, np.inf), ILLUSTRATIVE),
    Param("manufacturing_delay", 4.0, (), "Week", (1e-9, np.inf), ILLUSTRATIVE),
    Param("time_step", DT, (), "Week", (1e-9, np.inf), "TIME STEP: set by every run to its dt"),
])
AUX = Layout([
    Aux("customer_demand", (), "Widget/Week", description="STEP + RAMP + PULSE on a base"),
    Aux("inventory_ratio", (), "Dmnl", description="input of the fulfillment lookup"),
    Aux("fulfillment_ratio", (), "Dmnl", description="lookup output"),
    Aux("shipments", (), "Widget/Week", description="outflow of inventory (MIN)"),
    Aux("demand_trend", (), "1/Week", description="TREND output"),
    Aux("demand_forecast", (), "Widget/Week"),
    Aux("desired_inventory", (), "Widget"),
    Aux("perceived_inventory", (), "Widget", description="SMOOTH3 output"),
    Aux("production_orders", (), "Widget/Week", description="MAX(0, ...)"),
    Aux("production_starts", (), "Widget/Week", description="DELAY1 output"),
    Aux("production", (), "Widget/Week", description="DELAY3 output, inflow of inventory"),
])

INVENTORY, EXPECTED, PERCEIVED, TREND, PROCESSING, WIP = (STOCKS.offset(n) for n in STOCKS.names)
(INVENTORY0, BASE_DEMAND, STEP_HEIGHT, STEP_TIME, RAMP_SLOPE, RAMP_START, RAMP_END, PULSE_HEIGHT, PULSE_START,
 PULSE_WIDTH, FULFILLMENT_XS, FULFILLMENT_YS, MINIMUM_SHIPPING_TIME, AVERAGING_TIME, TREND_TIME, TREND0, HORIZON,
 COVERAGE, PERCEPTION_TIME, ADJUSTMENT_TIME, PROCESSING_TIME, MANUFACTURING_DELAY, TIME_STEP) = (
    PARAMS.offset(n) for n in PARAMS.names)
(CUSTOMER_DEMAND, INVENTORY_RATIO, FULFILLMENT_RATIO, SHIPMENTS, DEMAND_TREND, DEMAND_FORECAST, DESIRED_INVENTORY,
 PERCEIVED_INVENTORY, PRODUCTION_ORDERS, PRODUCTION_STARTS, PRODUCTION) = (AUX.offset(n) for n in AUX.names)
PERCEIVED_STAGES = STOCKS.slice("perceived_inventory_stages")
PROCESSING_STAGES = STOCKS.slice("orders_in_processing")
WIP_STAGES = STOCKS.slice("work_in_process")


@kernel
def customer_demand(t, p):
    """Base demand plus the STEP, RAMP and PULSE test inputs [Widget/Week]."""
    return (p[BASE_DEMAND]
            + step(t, p[TIME_STEP], p[STEP_HEIGHT], p[STEP_TIME])
            + ramp(t, p[RAMP_SLOPE], p[RAMP_START], p[RAMP_END])
            + p[PULSE_HEIGHT] * pulse(t, p[TIME_STEP], p[PULSE_START], p[PULSE_WIDTH]))


@kernel
def production_orders(expected_demand, demand_trend, perceived_inventory, p):
    """Forecast plus inventory correction, never negative [Widget/Week]."""
    forecast = expected_demand * (1.0 + demand_trend * p[HORIZON])
    desired = expected_demand * p[COVERAGE]
    return max(0.0, forecast + (desired - perceived_inventory) / p[ADJUSTMENT_TIME])


@kernel
def init(t, p, data, y):
    inventory = p[INVENTORY0]
    demand = customer_demand(t, p)
    y[INVENTORY] = inventory
    y[EXPECTED] = demand
    smooth_n_init(inventory, y[PERCEIVED_STAGES])
    y[TREND] = trend_init(demand, p[TREND_TIME], p[TREND0])
    orders = production_orders(demand, trend_value(demand, y[TREND], p[TREND_TIME]), inventory, p)
    # DELAY1 starts in equilibrium with the orders, and DELAY3 with DELAY1's initial outflow (= orders).
    material_delay_init(orders, p[PROCESSING_TIME], False, y[PROCESSING_STAGES])
    material_delay_init(orders, p[MANUFACTURING_DELAY], False, y[WIP_STAGES])


@kernel
def rhs(t, y, p, data, dydt, aux):
    inventory = y[INVENTORY]
    expected = y[EXPECTED]
    demand = customer_demand(t, p)
    desired = expected * p[COVERAGE]
    ratio = inventory / desired
    fulfillment = lookup(ratio, p[FULFILLMENT_XS:FULFILLMENT_XS + N_FULFILLMENT],
                         p[FULFILLMENT_YS:FULFILLMENT_YS + N_FULFILLMENT])
    shipments = min(demand * fulfillment, inventory / p[MINIMUM_SHIPPING_TIME])
    trend = trend_value(demand, y[TREND], p[TREND_TIME])
    perceived = smooth_n_rates(inventory, y[PERCEIVED_STAGES], p[PERCEPTION_TIME], dydt[PERCEIVED_STAGES])
    orders = production_orders(expected, trend, perceived, p)
    starts = material_delay_rates(orders, p[PROCESSING_TIME], PROCESSING_ORDER, p[TIME_STEP], False,
                                  y[PROCESSING_STAGES], dydt[PROCESSING_STAGES])
    production = material_delay_rates(starts, p[MANUFACTURING_DELAY], MANUFACTURING_ORDER, p[TIME_STEP], False,
                                      y[WIP_STAGES], dydt[WIP_STAGES])
    dydt[INVENTORY] = production - shipments
    dydt[EXPECTED] = smooth_rate(demand, expected, p[AVERAGING_TIME])
    dydt[TREND] = smooth_rate(demand, y[TREND], p[TREND_TIME])
    aux[CUSTOMER_DEMAND] = demand
    aux[INVENTORY_RATIO] = ratio
    aux[FULFILLMENT_RATIO] = fulfillment
    aux[SHIPMENTS] = shipments
    aux[DEMAND_TREND] = trend
    aux[DEMAND_FORECAST] = expected * (1.0 + trend * p[HORIZON])
    aux[DESIRED_INVENTORY] = desired
    aux[PERCEIVED_INVENTORY] = perceived
    aux[PRODUCTION_ORDERS] = orders
    aux[PRODUCTION_STARTS] = starts
    aux[PRODUCTION] = production


MODEL = Model(
    "builtins_showcase", stocks=STOCKS.entries, params=PARAMS.entries, aux=AUX.entries, rhs=rhs, init=init,
    lookups=[("fulfillment_x", "fulfillment_y")], time_step="time_step",
    delay_orders=[("production_starts", PROCESSING_ORDER, "order_processing_time"),
                  ("production", MANUFACTURING_ORDER, "manufacturing_delay")],
)
