"""/console/insights with real servers (issue 18.4): supervisors only, the page, the charts, the CSV,
and `python -m bot report` printing the same figures from the same databases."""

import io
import uuid
from csv import DictReader

import pytest

from bot.testing.servers import bot_command

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def cli(bot, *args, stdin=None):
    return bot_command(bot, *args, stdin=stdin).stdout


def test_insights_for_supervisors_only_with_charts_csv_and_the_same_report(bot):
    name = f"Sofie {uuid.uuid4().hex[:4]}"
    cli(bot, "agents", "add", name, stdin="sofie-wachtwoord\n")
    login = name.lower().replace(" ", ".")
    for text in ("hallo", "wat is het telefoonnummer in japan"):
        bot.ask(f"insights-{uuid.uuid4().hex[:6]}", text)

    console = bot.console()
    assert console.http.get(f"{bot.url}/console/insights").status_code == 401
    assert console.login(login, "sofie-wachtwoord").status_code == 200
    assert console.http.get(f"{bot.url}/console/insights").status_code == 403  # an agent, not a supervisor
    assert console.http.get(f"{bot.url}/console/insights.csv").status_code == 403
    cli(bot, "agents", "role", login, "supervisor")

    page = console.http.get(f"{bot.url}/console/insights?since=7d")
    assert page.status_code == 200 and "Inzichten" in page.text and "SLA gehaald per prioriteit" in page.text
    chart = console.http.get(f"{bot.url}/console/insights/conversations.png?since=7d")
    assert chart.headers["content-type"] == "image/png" and chart.content.startswith(b"\x89PNG")
    csv = console.http.get(f"{bot.url}/console/insights.csv?since=7d")
    assert csv.headers["content-type"].startswith("text/csv") and csv.text.startswith("sectie,")
    totals = {line for line in csv.text.splitlines() if line.startswith("totaal,")}
    rows = list(DictReader(io.StringIO(csv.text)))
    [total] = [r for r in rows if r["sectie"] == "totaal" and r["sleutel"] == "gesprekken"]
    conversations = int(total["waarde"])
    assert conversations >= 2 and total["period"] == "total"
    # per day and per week too: the SLA, queue wait, thumbs and satisfaction columns of the same CSV
    assert {r["period"] for r in rows} >= {"day", "week", "total"}
    assert any(r["sleutel"] == "mediaan_wachttijd_seconden" and r["period"] == "day" for r in rows)
    assert "SLA gehaald, mediane wachttijd, duimpjes en tevredenheid per week" in page.text
    assert f"Gesprekken: <strong>{conversations}</strong>" in page.text
    # the terminal prints the same figures (shared code, same databases)
    assert totals == {
        line for line in cli(bot, "report", "--since", "7d", "--csv").splitlines() if line.startswith("totaal,")
    }
    assert f"Gesprekken: {conversations};" in cli(bot, "report", "--since", "7d")
