"""The long-conversation benchmark's arithmetic and report section (bench/long_conversation.py)."""

from bench import long_conversation as lc


def test_window_medians_and_ratio():
    times = [10.0] * 20 + [99.0] * 260 + [13.0] * 20
    result = lc.summarise(times, errors=0)
    assert result["p50_ms"] == {"1-20": 10.0, "101-120": 99.0, "281-300": 13.0}
    assert result["late_early_ratio"] == 1.3
    assert result["messages"] == 300


def test_a_run_stopped_early_has_no_late_figure():
    result = lc.summarise([10.0] * 150, errors=2)
    assert result["p50_ms"]["281-300"] is None and result["late_early_ratio"] is None and result["errors"] == 2


def test_profile_categories_take_the_first_matching_frame(tmp_path):
    raw = tmp_path / "raw.txt"
    raw.write_text(
        "main (x.py:1);handle_message (rasa/core/processor.py:1);retrieve (bot/stores/tracker_store.py:9);"
        "past_states (rasa/shared/core/trackers.py:3) 30\n"
        "main (x.py:1);handle_message (rasa/core/processor.py:1);past_states (rasa/shared/core/trackers.py:3) 20\n"
        "main (x.py:1);select (selectors.py:1) (idle) 500\n"
        "main (x.py:1);other (y.py:2) 10\n"
    )
    ms = lc.categorise(raw, lc.RASA_CATEGORIES, messages=2)
    assert ms["loading the tracker (SQL, json, replaying the events)"] == 150.0  # 30 samples at 100 Hz / 2
    assert ms["policies: states of the whole history (past_states, applied_events)"] == 100.0
    assert ms["all of the above"] == 250.0


def test_report_rows_say_whether_the_targets_are_met(tmp_path):
    section = {
        "date": "2026-11-27 08:00",
        "questions": list(lc.QUESTIONS),
        "bolt": {**lc.summarise([30.0] * 300, 0), "last_replies": []},
        "stock": {**lc.summarise([40.0] * 20 + [300.0] * 280, 0), "last_replies": []},
        "targets": {"ratio_met": True, "below_stock_early_met": True},
    }
    rows = lc.target_rows(section)
    assert "1.0 ×" in rows[0] and rows[0].endswith("| met |")
    assert "30.0 ms vs 40.0 ms" in rows[1]
    lines = "\n".join(lc.report_lines(section, tmp_path / "none.json"))
    assert "| Bolt-NL | 30.0 | 30.0 | 30.0 | 1.0 × |" in lines and "| stock `rasa init` bot | 40.0 | 300.0 |" in lines


def test_control_adjusted_ratio_divides_each_message_by_the_control():
    times = [40.0] * 20 + [30.0] * 260 + [60.0] * 20
    control = [44.0] * 20 + [30.0] * 260 + [58.0] * 20
    run = {**lc.summarise(times, 0), "times_ms": times}
    # the machine got slower: 60/40 = 1.5 in the raw ratio, (60/58) / (40/44) = 1.14 against the control
    assert run["late_early_ratio"] == 1.5
    assert lc.control_adjusted(run, {"times_ms": control}, lc.WINDOWS) == 1.14
    # a burst of load hits a few messages of both streams: the per-message ratio ignores it
    bursty, bursty_control = list(times), list(control)
    for i in range(285, 293):
        bursty[i], bursty_control[i] = 400.0, 390.0
    assert lc.control_adjusted({"times_ms": bursty}, {"times_ms": bursty_control}, lc.WINDOWS) == 1.14
    assert lc.control_adjusted({"times_ms": times[:100]}, {"times_ms": control}, lc.WINDOWS) is None
