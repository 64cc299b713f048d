"""Small Rasa projects written into a temporary folder, for the trainer commands."""

from pathlib import Path

FAST_CONFIG = """recipe: default.v1
language: nl
assistant_id: fixture
pipeline:
  - name: WhitespaceTokenizer
  - name: CountVectorsFeaturizer
  - name: DIETClassifier
    epochs: 3
    entity_recognition: false
    random_seed: 1
policies:
  - name: RulePolicy
"""

DOMAIN = """version: "3.1"
intents: [greet, ask_phone_number]
entities: [country]
responses:
  utter_greet:
    - text: "Hallo!"
  utter_number:
    - text: "Nummer."
"""

RULES = """version: "3.1"
rules:
  - rule: greet
    steps:
      - intent: greet
      - action: utter_greet
  - rule: number
    steps:
      - intent: ask_phone_number
      - action: {number_action}
"""

GREETINGS = [
    "hallo",
    "hoi",
    "hey",
    "goedemorgen",
    "goedemiddag",
    "goedenavond",
    "hallo daar",
    "hoi bolt",
    "hey bolt",
    "hi",
    "hallo bolt",
    "goeiedag",
    "hoi hoi",
    "hallo zoom",
    "hey daar",
    "morgen",
    "goedemorgen bolt",
    "hallo allemaal",
    "hoi daar",
    "hey hallo",
    "hallo hallo",
    "hi bolt",
    "hoi allemaal",
    "goedendag",
    "hai",
]
COUNTRIES = ["japan", "duitsland", "frankrijk", "spanje", "italie"]


def phone_examples(n=25):
    forms = [
        'telefoonnummer [{c}]{{"entity": "country", "value": "{c}"}}',
        'nummer van zoom in [{c}]{{"entity": "country", "value": "{c}"}}',
        'hoe bel ik zoom in [{c}]{{"entity": "country", "value": "{c}"}}',
        'welk nummer voor [{c}]{{"entity": "country", "value": "{c}"}}',
        'support bellen [{c}]{{"entity": "country", "value": "{c}"}}',
    ]
    return [f.format(c=c) for f in forms for c in COUNTRIES][:n]


def nlu_yaml(intents):
    out = 'version: "3.1"\nnlu:\n'
    for intent, examples in intents.items():
        out += f"  - intent: {intent}\n    examples: |\n" + "".join(f"      - {e}\n" for e in examples)
    return out


def write_project(root: Path, broken: bool = False) -> Path:
    (root / "data" / "nlu").mkdir(parents=True, exist_ok=True)
    (root / "config.yml").write_text(FAST_CONFIG)
    (root / "domain.yml").write_text(DOMAIN)
    (root / "data" / "rules.yml").write_text(
        RULES.format(number_action="utter_nonexistent" if broken else "utter_number")
    )
    greetings = GREETINGS[:10] if broken else GREETINGS
    phone = phone_examples()
    if broken:
        phone = phone + ["hallo", 'nummer [atlantis]{"entity": "country", "value": "atlantis"}']
    (root / "data" / "nlu" / "data.yml").write_text(nlu_yaml({"greet": greetings, "ask_phone_number": phone}))
    return root
