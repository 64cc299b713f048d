"""Article search (BM25 over the knowledge base's passages) and the fallback replies around it."""

from bot.dialogue.fallback import did_you_mean, search_reply
from bot.search.article_search import ANSWER_THRESHOLD, article_search, lemmatise


def test_lemmatised_dutch_without_stop_words():
    assert lemmatise("De telefoonnummers van Zoom") == ["telefoonnummer"]


def test_finds_the_passage_of_a_topic_by_its_words():
    hit = article_search().answer("kan ik ergens samenwerken met collega's en oplossingen vinden?")
    assert hit is not None and hit.passage.intent == "ask_community" and hit.score >= ANSWER_THRESHOLD
    assert "Community" in search_reply(hit).text and "Contact opnemen" in search_reply(hit).text


def test_nothing_about_the_article_finds_nothing():
    assert article_search().answer("geef me een recept voor stoofvlees") is None


def test_did_you_mean_only_when_two_topics_were_close():
    close = [{"name": "ask_phone_number", "confidence": 0.4}, {"name": "ask_phone_support", "confidence": 0.35}]
    reply = did_you_mean(close)
    assert reply is not None and [b.payload for b in reply.buttons[:2]] == ["/ask_phone_number", "/ask_phone_support"]
    assert did_you_mean([{"name": "ask_phone_number", "confidence": 0.2}, {"name": "greet", "confidence": 0.1}]) is None
