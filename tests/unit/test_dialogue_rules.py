from actions.dialogue import answered_just_before


def ev(kind, name=None, text=None):
    return {"event": kind, **({"name": name} if name else {}), **({"text": text} if text else {})}


def test_not_helpful_right_after_an_answer():
    events = [
        ev("user", text="nummer japan"),
        ev("action", "action_answer_phone_number"),
        ev("bot", text="..."),
        ev("action", "action_listen"),
        ev("user", text="dat helpt niet"),
        ev("action", "action_extract_slots"),
    ]
    assert answered_just_before(events)


def test_not_helpful_without_a_previous_answer():
    assert not answered_just_before([ev("action", "action_listen"), ev("user", text="dat helpt niet")])
    events = [
        ev("user", text="hoi"),
        ev("action", "action_greet"),
        ev("action", "action_listen"),
        ev("user", text="dat helpt niet"),
    ]
    assert not answered_just_before(events)
