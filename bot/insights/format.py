"""The insights as text (terminal report) and as CSV rows: pure, no I/O. One set of rows serves both."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable

from bot.insights.labels import REASON_NAMES, channel_name, level_name, priority_name, reason_name, topic_name
from bot.insights.queries import DayRow, Insights

__all__ = [
    "PERIOD_LABELS",
    "REASON_NAMES",
    "csv_text",
    "day_figures",
    "duration",
    "parse_since",
    "percent",
    "report_lines",
    "rows",
    "week_label",
]
Row = tuple[str, str, str, object]  # (section, period or group, key, value)
CSV_HEADER = ["sectie", "periode_of_groep", "sleutel", "waarde", "period"]  # period: day / week / total
PERIOD_OF_SECTION = {"per_dag": "day", "per_week": "week"}  # every other section is over the whole period
PERIOD_LABELS = {"day": "per dag", "week": "per week"}


def parse_since(text: str, now: dt.datetime) -> dt.datetime:
    """'7d', '24h', '2w' or a date (2026-11-01) -> the start of the period (UTC)."""
    match = re.fullmatch(r"\s*(\d+)\s*([dhw])\s*", text or "")
    if match:
        unit = {"d": "days", "h": "hours", "w": "weeks"}[match.group(2)]
        return now - dt.timedelta(**{unit: int(match.group(1))})
    return dt.datetime.fromisoformat(text.strip())


def percent(part: int, whole: int) -> str:
    return f"{100.0 * part / whole:.0f}%" if whole else "-"


def week_label(monday: dt.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _period_rows(section: str, rows: Iterable[DayRow], label) -> list[Row]:
    out: list[Row] = []
    for r in rows:
        period = label(r.day)
        out += [
            (section, period, "gesprekken", r.conversations),
            (section, period, "zonder_overdracht", r.deflected),
            (section, period, "tickets", r.tickets),
        ]
        out += [(section, period, f"overdracht_{reason}", n) for reason, n in sorted(r.handoffs_by_reason.items())]
        for sla in r.sla:
            out += [
                (section, period, f"sla_eerste_respons_{sla.priority}_gehaald", sla.first_met),
                (section, period, f"sla_eerste_respons_{sla.priority}_totaal", sla.first_total),
                (section, period, f"sla_herstel_{sla.priority}_gehaald", sla.restore_met),
                (section, period, f"sla_herstel_{sla.priority}_totaal", sla.restore_total),
            ]
        wait = r.median_queue_wait_seconds
        out.append((section, period, "mediaan_wachttijd_seconden", "" if wait is None else round(wait)))
        for topic, up, down in r.thumbs:
            out += [
                (section, period, f"duimpjes_{topic}_omhoog", up),
                (section, period, f"duimpjes_{topic}_omlaag", down),
            ]
        for name, average, n in r.satisfaction:
            out += [
                (section, period, f"tevredenheid_{name}_gemiddeld", average),
                (section, period, f"tevredenheid_{name}_aantal", n),
            ]
    return out


def rows(i: Insights) -> list[Row]:
    out: list[Row] = [
        ("totaal", "periode", "gesprekken", i.conversations),
        ("totaal", "periode", "zonder_overdracht", i.deflected),
        ("totaal", "periode", "deflectie", percent(i.deflected, i.conversations)),
    ]
    out += [("overdracht_reden", "periode", reason, n) for reason, n in i.handoffs_by_reason.items()]
    out += _period_rows("per_dag", i.days, lambda d: d.isoformat())
    out += _period_rows("per_week", i.weeks(), week_label)
    out += [("tickets_kanaal", "periode", k, n) for k, n in i.tickets_by_channel.items()]
    out += [("tickets_niveau", "periode", k, n) for k, n in i.tickets_by_level.items()]
    out += [("tickets_prioriteit", "periode", k, n) for k, n in i.tickets_by_priority.items()]
    for s in i.sla:
        out += [
            ("sla_eerste_respons", s.priority, "gehaald", s.first_met),
            ("sla_eerste_respons", s.priority, "totaal", s.first_total),
            ("sla_herstel", s.priority, "gehaald", s.restore_met),
            ("sla_herstel", s.priority, "totaal", s.restore_total),
        ]
    wait = i.median_queue_wait_seconds
    out.append(("wachtrij", "periode", "mediaan_wachttijd_seconden", "" if wait is None else round(wait)))
    for topic, up, down in i.thumbs:
        out += [("duimpjes", topic, "omhoog", up), ("duimpjes", topic, "omlaag", down)]
    for name, average, n in i.satisfaction:
        out += [("tevredenheid", name, "gemiddeld", average), ("tevredenheid", name, "aantal", n)]
    out += [("onbeantwoord", key, text, n) for text, n, key in i.unanswered]
    return out


def csv_text(i: Insights) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows((*row, PERIOD_OF_SECTION.get(row[0], "total")) for row in rows(i))
    return buffer.getvalue()


def duration(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    minutes, secs = divmod(int(round(seconds)), 60)
    return f"{minutes} min {secs:02d} s" if minutes < 60 else f"{minutes // 60} u {minutes % 60:02d} min"


def day_figures(r: DayRow) -> dict[str, str]:
    """One day's (or week's) SLA, queue wait, thumbs and satisfaction as short Dutch texts (page, report)."""
    return {
        "SLA eerste respons": ", ".join(
            f"{priority_name(s.priority)} {s.first_met}/{s.first_total} ({percent(s.first_met, s.first_total)})"
            for s in r.sla
            if s.first_total
        )
        or "-",
        "SLA herstel": ", ".join(
            f"{priority_name(s.priority)} {s.restore_met}/{s.restore_total} ({percent(s.restore_met, s.restore_total)})"
            for s in r.sla
            if s.restore_total
        )
        or "-",
        "Mediane wachttijd": duration(r.median_queue_wait_seconds),
        "Duimpjes omhoog/omlaag": ", ".join(f"{topic_name(t)} {up}/{down}" for t, up, down in r.thumbs) or "-",
        "Tevredenheid": ", ".join(f"{name} {average:.2f} ({n})" for name, average, n in r.satisfaction) or "-",
    }


def report_lines(i: Insights) -> list[str]:
    lines = [
        f"Bolt-NL inzichten {i.since:%Y-%m-%d %H:%M} - {i.until:%Y-%m-%d %H:%M} UTC",
        "",
        f"Gesprekken: {i.conversations}; door de bot beantwoord zonder overdracht: {i.deflected} "
        f"({percent(i.deflected, i.conversations)})",
        "",
        "Per dag (gesprekken / zonder overdracht / tickets):",
    ]
    lines += [f"  {d.day.isoformat()}  {d.conversations:5d} {d.deflected:5d} {d.tickets:5d}" for d in i.days]
    lines += ["Per week:"] + [
        f"  week {d.day.isocalendar()[1]:02d} ({d.day.isoformat()})  {d.conversations:5d} "
        f"{d.deflected:5d} {d.tickets:5d}"
        for d in i.weeks()
    ]
    lines += ["", "Overdrachten per reden:"] + [f"  {reason_name(r)}: {n}" for r, n in i.handoffs_by_reason.items()]
    for title, counts, name in (
        ("kanaal", i.tickets_by_channel, channel_name),
        ("niveau", i.tickets_by_level, level_name),
        ("prioriteit", i.tickets_by_priority, priority_name),
    ):
        lines.append(f"Tickets per {title}: " + (", ".join(f"{name(k)} {n}" for k, n in counts.items()) or "-"))
    lines += ["", "SLA gehaald per prioriteit (eerste respons / herstel):"]
    lines += [
        f"  {s.priority}: {s.first_met}/{s.first_total} ({percent(s.first_met, s.first_total)}), "
        f"{s.restore_met}/{s.restore_total} ({percent(s.restore_met, s.restore_total)})"
        for s in i.sla
    ] or ["  -"]
    lines.append(f"Mediane wachttijd in de wachtrij: {duration(i.median_queue_wait_seconds)}")
    lines += ["", "Duimpjes per onderwerp (omhoog / omlaag):"]
    lines += [f"  {topic_name(topic)}: {up} / {down}" for topic, up, down in i.thumbs] or ["  -"]
    lines += ["Tevredenheid per medewerker (gemiddeld, aantal):"]
    lines += [f"  {name}: {average:.2f} ({n})" for name, average, n in i.satisfaction] or ["  -"]
    for title, period_rows, label in (
        ("dag", i.days, lambda d: d.isoformat()),
        ("week", i.weeks(), lambda d: f"week {d.isocalendar()[1]:02d} ({d.isoformat()})"),
    ):
        lines += ["", f"SLA, wachttijd, duimpjes en tevredenheid per {title}:"]
        for r in period_rows:
            lines.append(f"  {label(r.day)}  " + "; ".join(f"{k}: {v}" for k, v in day_figures(r).items()))
    lines += [
        "",
        f"Meest gestelde vragen die de bot niet kon beantwoorden (top {len(i.unanswered)}, over de hele periode; "
        "zie `python -m bot inbox`):",
    ]
    lines += [f"  {n:4d}x  {text}  [{key}]" for text, n, key in i.unanswered] or ["  -"]
    return lines
