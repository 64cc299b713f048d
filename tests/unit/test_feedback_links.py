"""Issue 14.8: the article's places and their pages (support.yml `links`) that the widget turns into links."""

from bot.web.links import read_links


def test_the_help_content_names_the_four_places_with_https_pages():
    links = {link["id"]: link for link in read_links()}
    assert set(links) == {"help_centre", "community", "webticket", "login"}
    assert all(link["url"].startswith("https://") and link["phrases"] for link in links.values())
    assert "Community" in links["community"]["phrases"]


def test_only_well_formed_https_urls_are_handed_to_the_widget(tmp_path):
    path = tmp_path / "support.yml"
    path.write_text(
        "links:\n"
        "  good: {url: 'https://community.zoom.com/', phrases: ['Community']}\n"
        "  script: {url: 'javascript:alert(1)', phrases: ['Helpcentrum']}\n"
        "  plain: {url: 'http://zoom.us/signin', phrases: ['inloggen']}\n"
        "  quote: {url: 'https://x.example/\"onmouseover=alert(1)', phrases: ['webticket']}\n"
        "  empty: {url: 'https://zoom.us/', phrases: []}\n",
        encoding="utf-8",
    )
    assert read_links(path) == [{"id": "good", "url": "https://community.zoom.com/", "phrases": ["Community"]}]
