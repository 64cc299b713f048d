"""Issue 14.8/14.9 in the browser: the launcher opens and minimises the chat and keeps that over a
reload; at 390 px and at 200 % zoom (640x450) the open chat is full-screen and nothing scrolls
sideways (WCAG 1.4.10); at 1024 px the chat sits beside the article without covering it."""

import pytest
from playwright.sync_api import expect

from tests.e2e.widget_pages import ARTIFACTS, browser, chat, help_page, open_chat  # noqa: F401

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def box(page, selector):
    return page.locator(selector).bounding_box()


def no_sideways_scroll(page):
    return page.evaluate(
        "document.documentElement.scrollWidth <= window.innerWidth && document.body.scrollWidth <= window.innerWidth"
    )


def test_the_launcher_opens_and_minimises_the_chat_and_a_reload_keeps_it(browser, bot):  # noqa: F811
    page = help_page(browser, bot)
    open_chat(page)  # a wide screen: open beside the article at first
    launcher, chat_box = page.locator("#bolt-launcher"), page.locator("#bolt")
    page.click("#bolt-minimise")
    expect(chat_box).to_be_hidden()
    expect(launcher).to_be_visible()
    expect(launcher).to_have_attribute("aria-expanded", "false")
    expect(launcher).to_be_focused()
    page.reload()
    expect(launcher).to_be_visible(timeout=10000)
    expect(chat_box).to_be_hidden()
    launcher.click()
    expect(chat_box).to_be_visible()
    expect(page.locator("#bolt-input")).to_be_focused()
    page.reload()
    expect(chat_box).to_be_visible(timeout=10000)
    expect(launcher).to_be_hidden()


@pytest.mark.parametrize("width,height", [(390, 844), (640, 450)])
def test_on_a_narrow_screen_the_open_chat_is_full_screen_without_sideways_scrolling(browser, bot, width, height):  # noqa: F811
    page = help_page(browser, bot, width, height)
    launcher = page.locator("#bolt-launcher")
    expect(launcher).to_be_visible(timeout=10000)  # a narrow screen: the article first, the chat behind the launcher
    assert no_sideways_scroll(page), "the article scrolls sideways"
    open_chat(page)
    chat(page, "Hoe bereik ik de community? " + "https://voorbeeld.nl/" + "heel-lang-woord" * 20)
    assert box(page, "#bolt") == {"x": 0, "y": 0, "width": width, "height": height}
    assert no_sideways_scroll(page), "the page scrolls sideways"
    assert page.evaluate(
        "(() => { const log = document.getElementById('bolt-log'); return log.scrollWidth <= log.clientWidth; })()"
    ), "the conversation scrolls sideways"
    form = box(page, "#bolt-form")
    assert form["x"] >= 0 and form["x"] + form["width"] <= width and form["y"] + form["height"] <= height
    page.screenshot(path=str(ARTIFACTS / f"widget-{width}x{height}.png"))
    page.keyboard.press("Escape")  # full-screen: Escape minimises it again
    expect(launcher).to_be_visible()


def test_at_1024_pixels_the_chat_does_not_cover_the_article(browser, bot):  # noqa: F811
    page = help_page(browser, bot, 1024, 768)
    open_chat(page)
    chat(page, "Welke ondersteuningsplannen zijn er?")
    article, widget = box(page, "main.article"), box(page, "#bolt")
    assert article["x"] + article["width"] <= widget["x"], (article, widget)
    assert widget["x"] + widget["width"] <= 1024 and widget["y"] + widget["height"] <= 768
    assert no_sideways_scroll(page)
    page.screenshot(path=str(ARTIFACTS / "widget-1024x768.png"))
