"""Charts of the insights, rendered on the server as PNG with matplotlib (Agg backend, no display).
Blocking and CPU-bound: call off the event loop (asyncio.to_thread)."""

from __future__ import annotations

import io
import threading

from bot.insights.labels import reason_name
from bot.insights.queries import Insights

_LOCK = threading.Lock()  # pyplot's state is process-wide


def _png(figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=96, bbox_inches="tight")
    return buffer.getvalue()


def conversations_png(i: Insights, by_week: bool = False) -> bytes:
    """Per day (or week): conversations answered by the bot alone vs handed off, stacked bars."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    rows = i.weeks() if by_week else i.days
    labels = [f"wk {r.day.isocalendar()[1]}" if by_week else r.day.strftime("%d-%m") for r in rows]
    with _LOCK:
        figure, axis = plt.subplots(figsize=(7, 3))
        try:
            axis.bar(labels, [r.deflected for r in rows], label="zonder overdracht", color="#2d6cdf")
            axis.bar(
                labels,
                [r.handed_off for r in rows],
                bottom=[r.deflected for r in rows],
                label="overgedragen",
                color="#f0a030",
            )
            axis.set_ylabel("gesprekken")
            axis.legend(loc="upper left", frameon=False)
            axis.spines[["top", "right"]].set_visible(False)
            return _png(figure)
        finally:
            plt.close(figure)


def reasons_png(i: Insights) -> bytes:
    """Hand-offs by reason over the period, horizontal bars."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    reasons = i.handoffs_by_reason
    with _LOCK:
        figure, axis = plt.subplots(figsize=(7, 2.5))
        try:
            axis.barh([reason_name(r) for r in reasons] or ["-"], list(reasons.values()) or [0], color="#f0a030")
            axis.set_xlabel("overdrachten")
            axis.spines[["top", "right"]].set_visible(False)
            return _png(figure)
        finally:
            plt.close(figure)
