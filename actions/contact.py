from rasa_sdk import Tracker

from actions.base import ReplyAction
from bot.answers import contact
from bot.kb import KnowledgeBase


class AnswerContactOptions(ReplyAction):
    action_name = "action_answer_contact_options"
    topic = "contact_options"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return contact.contact_options(kb)


class AnswerChannel(ReplyAction):
    """One help-centre contact channel, described as the article does; the channel is the topic that a
    follow-up ("en voor wie?") is about."""

    channel_id = ""

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return contact.channel(kb, self.channel_id)


class AnswerCommunity(AnswerChannel):
    action_name, channel_id, topic = "action_answer_community", "community", "community"


class AnswerBilling(AnswerChannel):
    action_name, channel_id, topic = "action_answer_billing", "billing", "billing"


class AnswerSocialMedia(AnswerChannel):
    action_name, channel_id, topic = "action_answer_social_media", "social_media", "social_media"


class AnswerWebticket(ReplyAction):
    action_name = "action_answer_webticket"
    topic = "webticket"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return contact.webticket(kb)


class AnswerBotChallenge(ReplyAction):
    action_name = "action_answer_bot_challenge"

    def reply(self, kb: KnowledgeBase, tracker: Tracker):
        return contact.bot_intro(kb)
