"""The /console/insights page: server-rendered HTML (no script), tables of the figures and the charts."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from urllib.parse import urlencode

from bot.insights.format import day_figures, duration, percent
from bot.insights.labels import channel_name, level_name, priority_name, reason_name, topic_name
from bot.insights.queries import DayRow, Insights


def _table(caption: str, head: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    body = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>" for row in rows)
    heads = "".join(f'<th scope="col">{escape(h)}</th>' for h in head)
    empty = f'<tr><td colspan="{len(head)}">Geen gegevens</td></tr>'
    return (
        f"<table><caption>{escape(caption)}</caption><thead><tr>{heads}</tr></thead>"
        f"<tbody>{body or empty}</tbody></table>"
    )


def render(i: Insights, since: str) -> str:
    q = urlencode({"since": since})
    periods = [
        ("per dag", i.days, lambda d: d.day.isoformat()),
        ("per week", i.weeks(), lambda d: f"week {d.day.isocalendar()[1]} ({d.day.isoformat()})"),
    ]
    sections: list[str] = [
        f"<p>Gesprekken: <strong>{i.conversations}</strong>; door de bot beantwoord zonder overdracht: "
        f"<strong>{i.deflected}</strong> ({percent(i.deflected, i.conversations)}).</p>",
        f'<img src="/console/insights/conversations.png?{q}" alt="Gesprekken per dag, met en zonder overdracht">',
    ]
    for title, rows, label in periods:
        sections.append(
            _table(
                f"Gesprekken en tickets {title}",
                ["Periode", "Gesprekken", "Zonder overdracht", "Deflectie", "Tickets"],
                [
                    (label(r), r.conversations, r.deflected, percent(r.deflected, r.conversations), r.tickets)
                    for r in rows
                ],
            )
        )
    sections.append(f'<img src="/console/insights/reasons.png?{q}" alt="Overdrachten per reden">')
    sections.append(
        _table(
            "Overdrachten per reden",
            ["Reden", "Aantal"],
            [(reason_name(r), n) for r, n in i.handoffs_by_reason.items()],
        )
    )
    for caption, head, counts, name in (
        ("Tickets per kanaal", "Kanaal", i.tickets_by_channel, channel_name),
        ("Tickets per niveau", "Niveau", i.tickets_by_level, level_name),
        ("Tickets per prioriteit", "Prioriteit", i.tickets_by_priority, priority_name),
    ):
        sections.append(_table(caption, [head, "Aantal"], [(name(k), n) for k, n in counts.items()]))
    sections.append(
        _table(
            "SLA gehaald per prioriteit",
            ["Prioriteit", "Eerste respons", "Herstel"],
            [
                (
                    priority_name(s.priority),
                    f"{s.first_met}/{s.first_total} ({percent(s.first_met, s.first_total)})",
                    f"{s.restore_met}/{s.restore_total} ({percent(s.restore_met, s.restore_total)})",
                )
                for s in i.sla
            ],
        )
    )
    sections.append(f"<p>Mediane wachttijd in de wachtrij: {escape(duration(i.median_queue_wait_seconds))}</p>")
    sections.append(
        _table(
            "Duimpjes per onderwerp",
            ["Onderwerp", "Omhoog", "Omlaag"],
            [(topic_name(topic), up, down) for topic, up, down in i.thumbs],
        )
    )
    sections.append(_table("Tevredenheid per medewerker", ["Medewerker", "Gemiddeld (1-5)", "Aantal"], i.satisfaction))
    for title, rows, label in periods:
        figures = [(label(r), day_figures(r)) for r in rows]
        sections.append(
            _table(
                f"SLA gehaald, mediane wachttijd, duimpjes en tevredenheid {title}",
                ["Periode", *day_figures(DayRow(i.since.date()))],
                [(period, *values.values()) for period, values in figures],
            )
        )
    sections.append(
        _table(
            "De 20 meest gestelde vragen die de bot niet kon beantwoorden, over de hele gekozen periode "
            "(niet per dag of week; trainer-inbox: python -m bot inbox; afhandelen met --done SLEUTEL)",
            ["Vraag", "Keer", "Sleutel"],
            i.unanswered,
        )
    )
    return (
        '<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>Inzichten – Bolt-NL</title>'
        '<link rel="stylesheet" href="/console/static/insights.css"></head><body><main>'
        f"<h1>Inzichten {escape(f'{i.since:%d-%m-%Y %H:%M}')} – {escape(f'{i.until:%d-%m-%Y %H:%M}')} UTC</h1>"
        '<nav><a href="/console/">Console</a> · '
        + " · ".join(
            f'<a href="/console/insights?since={s}">{label}</a>'
            for s, label in (("1d", "24 uur"), ("7d", "7 dagen"), ("30d", "30 dagen"))
        )
        + f' · <a href="/console/insights.csv?{q}">CSV</a></nav>'
        + "".join(sections)
        + "</main></body></html>"
    )
