"""A generator of news-like articles for benchmarks.

Each article has a cast (people with titles and countries, organisations, states, cities) that recurs
through ~20 sentence shapes: direct quotes with the speaker before, after or around them, indirect and
"according to" attributions, meetings, attacks, protests, aid, arrests, sanctions, territorial control,
denials, appositive roles, plans and background with absolute, relative and weekday dates.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

FIRST = ["Amir", "Lena", "Viktor", "Sofia", "Omar", "Ingrid", "Tomas", "Nadia", "Karim", "Elena", "Jonas", "Leila",
         "Mateo", "Aisha", "Pavel", "Hana", "Yusuf", "Marta", "Dmitri", "Grace", "Tariq", "Ana", "Kenji", "Zeynep",
         "Samuel", "Irina", "Hassan", "Claire", "Bogdan", "Fatima", "Lukas", "Mariam"]
LAST = ["Haddad", "Petrova", "Lindqvist", "Okafor", "Morales", "Novak", "Rahimi", "Kowalski", "Sato", "Brennan",
        "Demir", "Mensah", "Ivanov", "Costa", "Nasser", "Horvath", "Achebe", "Kaya", "Moreau", "Sokolova",
        "Mwangi", "Rossi", "Tanaka", "Hussain", "Varga", "Lopez", "Yilmaz", "Jansen"]
TITLES = ["Foreign Minister", "Defence Minister", "army spokesman", "Interior Minister", "senior commander",
          "Prime Minister", "opposition leader", "UN envoy", "Health Minister", "central bank governor",
          "border police chief", "President"]
STATES = ["Ukraine", "Poland", "Turkey", "Egypt", "Kenya", "Pakistan", "Georgia", "Armenia", "Mali", "Jordan",
          "Romania", "Ethiopia", "Colombia", "Indonesia", "Lebanon", "Serbia"]
ADJ = {"Ukraine": "Ukrainian", "Poland": "Polish", "Turkey": "Turkish", "Egypt": "Egyptian", "Kenya": "Kenyan",
       "Pakistan": "Pakistani", "Georgia": "Georgian", "Armenia": "Armenian", "Mali": "Malian",
       "Jordan": "Jordanian", "Romania": "Romanian", "Ethiopia": "Ethiopian", "Colombia": "Colombian",
       "Indonesia": "Indonesian", "Lebanon": "Lebanese", "Serbia": "Serbian"}
CITIES = {"Ukraine": ["Kharkiv", "Odesa", "Lviv"], "Poland": ["Gdansk", "Krakow", "Lublin"],
          "Turkey": ["Izmir", "Ankara", "Gaziantep"], "Egypt": ["Aswan", "Alexandria", "Cairo"],
          "Kenya": ["Mombasa", "Nairobi", "Kisumu"], "Pakistan": ["Peshawar", "Lahore", "Quetta"],
          "Georgia": ["Batumi", "Tbilisi", "Kutaisi"], "Armenia": ["Gyumri", "Yerevan", "Vanadzor"],
          "Mali": ["Timbuktu", "Bamako", "Gao"], "Jordan": ["Aqaba", "Amman", "Irbid"],
          "Romania": ["Constanta", "Bucharest", "Iasi"], "Ethiopia": ["Mekelle", "Addis Ababa", "Gondar"],
          "Colombia": ["Cali", "Bogota", "Medellin"], "Indonesia": ["Jakarta", "Surabaya", "Medan"],
          "Lebanon": ["Beirut", "Tripoli", "Sidon"], "Serbia": ["Belgrade", "Novi Sad", "Nis"]}
ORGS = ["the United Nations", "NATO", "the European Union", "the Red Cross", "the World Bank",
        "the International Monetary Fund", "Amnesty International", "the African Union", "the World Food Programme",
        "Human Rights Watch"]
GROUPS = ["rebel", "militia", "separatist", "government", "army"]
TOPICS = ["grain exports", "border security", "refugee flows", "fuel prices", "a ceasefire", "water rights",
          "troop deployments", "election monitoring", "debt talks", "a prisoner exchange", "gas transit fees",
          "the reopening of the airport", "customs checks", "fishing quotas", "a new pipeline"]
DATES = ["on Monday", "on Tuesday", "on Wednesday", "on Thursday", "on Friday", "on Saturday", "on Sunday",
         "last week", "on March 3", "on 14 April", "earlier this month", "in 2019", "two days ago", "overnight",
         "on June 21, 2021", "late on Tuesday", "this morning", "in January"]
FUTURE = ["next week", "next month", "by the end of the year", "on Friday", "in the coming days", "next Tuesday",
          "before the summer"]
SAID = ["said", "told reporters", "told a news conference", "said in a statement", "wrote on social media",
        "told state television"]
QUOTES = ["We will not accept any delay on {topic}", "Nobody should expect miracles before the summer",
          "Our patience is not unlimited", "This is a good day for both our countries",
          "The talks on {topic} were difficult but honest", "We have seen no evidence of that",
          "Every family deserves to live in safety", "The decision on {topic} was taken without us",
          "We are ready to talk, but not under pressure", "These figures speak for themselves"]
CLAUSES = ["the talks on {topic} would resume {future}", "{n} people had been evacuated from {city}",
           "{state} was ready to compromise on {topic}", "the government had not been consulted",
           "prices in {city} had risen by {pct} percent", "the border crossing near {city} would stay closed"]


class Cast:
    """The people, states, cities and topic of one article."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.states = rng.sample(STATES, 3)
        self.people = [(person(rng), rng.choice(TITLES), rng.choice(self.states)) for _ in range(rng.randrange(3, 7))]
        self.topic = rng.choice(TOPICS)

    def who(self) -> tuple[str, str, str]:
        return self.rng.choice(self.people)

    def city(self, state: str | None = None) -> str:
        return self.rng.choice(CITIES[state or self.rng.choice(self.states)])

    def fill(self, template: str) -> str:
        r = self.rng
        return template.format(topic=r.choice([self.topic, r.choice(TOPICS)]), future=r.choice(FUTURE),
                               n=f"{r.randrange(12, 20000):,}", city=self.city(), state=r.choice(self.states),
                               pct=r.randrange(3, 40))


def person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _lower(title: str) -> str:
    """"foreign minister", but "UN envoy"."""
    return " ".join(w if w.isupper() else w.lower() for w in title.split())


def _surname(name: str) -> str:
    return name.split()[-1]


def _shapes(c: Cast) -> list:
    r = c.rng
    name, title, state = c.who()
    other, other_title, other_state = c.who()
    a, b = r.sample(c.states, 2)
    quote = c.fill(r.choice(QUOTES))
    date, said = r.choice(DATES), r.choice(SAID)
    return [
        lambda: f'"{quote}," {ADJ[state]} {title} {name} {said} {date}.',
        lambda: f'{title} {name} of {state} said: "{quote}."',
        lambda: f'"{quote}," said {_surname(name)}. "{c.fill(r.choice(QUOTES))}."',
        lambda: f"{name}, the {_lower(title)} of {state}, said {date} that {c.fill(r.choice(CLAUSES))}.",
        lambda: f"According to {r.choice(ORGS)}, {c.fill(r.choice(CLAUSES))}.",
        lambda: f"{name} met {_lower(other_title)} {other} in {c.city(a)} {date} to discuss {c.topic}.",
        lambda: (f"{ADJ[a]} forces shelled {c.city(b)} {date}, killing {r.randrange(2, 40)} people, "
                 f"{ADJ[b]} officials said."),
        lambda: f"Thousands of people protested in {c.city()} {date} against {r.choice(TOPICS)}.",
        lambda: f"{r.choice(ORGS)[0].upper() + r.choice(ORGS)[1:]} pledged ${r.randrange(5, 900)} million in aid "
                f"to {a} {date}.",
        lambda: f"Police in {c.city(a)} arrested {r.randrange(3, 60)} people {date} after clashes near the "
                f"{ADJ[b]} embassy.",
        lambda: f"{a} imposed sanctions on {b} {date} over {c.topic}, {ADJ[a]} {_lower(title)} {name} said.",
        lambda: f"{ADJ[b].capitalize()} {r.choice(GROUPS)} fighters took control of {c.city(b)} {date}, residents said.",
        lambda: f"The dispute over {c.topic} has dragged on since {r.randrange(2009, 2021)}, when {c.fill(r.choice(CLAUSES))}.",
        lambda: f"Some {r.randrange(100, 20000):,} refugees have crossed from {a} into {b} since {r.choice(['January', 'the spring', 'May'])}.",
        lambda: f"{a}'s foreign ministry denied the report {date}, calling it {r.choice(['baseless', 'a provocation', 'premature'])}.",
        lambda: f"{name}, {state}'s ambassador to {b}, called for {c.topic} to be put on the agenda.",
        lambda: f"{_surname(name)} is expected to visit {c.city(b)} {r.choice(FUTURE)} for talks with {other}.",
        lambda: f"{other} accused {name} of blocking the agreement on {c.topic}, which {_surname(name)} denied.",
        lambda: f"Asked whether {a} would send troops, {_surname(other)} {said}: \"{c.fill(r.choice(QUOTES))}.\"",
        lambda: f"{ADJ[a]} and {ADJ[b]} negotiators signed a deal on {r.choice(TOPICS)} in {c.city()} {date}.",
    ]


def sentence(rng: random.Random, cast: Cast | None = None) -> str:
    """One news sentence (about ``cast``, or a cast of its own)."""
    c = cast or Cast(rng)
    return rng.choice(_shapes(c))()


def article(rng: random.Random, words: int = 300) -> dict:
    """One article as a JSONL-ready dict with about ``words`` words."""
    cast = Cast(rng)
    paragraphs: list[str] = []
    count = 0
    while count < words:
        paragraph = " ".join(sentence(rng, cast) for _ in range(rng.randrange(2, 5)))
        paragraphs.append(paragraph)
        count += len(paragraph.split())
    a, b = cast.states[:2]
    title = f"{a} and {b} at odds over {cast.topic}"
    day = rng.randrange(1, 28)
    return {"title": title, "text": "\n\n".join(paragraphs), "published": f"2021-07-{day:02d}",
            "source": rng.choice(["Wire A", "Wire B", "Courier", "Daily Ledger"])}


def write_jsonl(path: Path, n: int, seed: int = 7, words: int = 300) -> Path:
    """Write ``n`` generated articles to ``path`` as JSON Lines."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        for _ in range(n):
            handle.write(json.dumps(article(rng, words)) + "\n")
    return path
