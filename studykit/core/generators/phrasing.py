"""Questions about an event in the English a teacher would write.

An event's name is a noun phrase ("the capture of Shamakhi", "Bicherakhov's departure from
the Baku front"), right for an option or a chronology but stilted inside "When did ... take
place?". Where the name turns a verb into a noun, the question gives the verb back:

    the capture of Shamakhi                      When was Shamakhi captured?
    the flight of the Baku Commissars to ...     When did the Baku Commissars flee to ...?
    Karabekir's invasion of Armenia              When did Karabekir invade Armenia?
    Talât Pasha's visit to Berlin                When did Talât Pasha visit Berlin?

Names of happenings ("the battle of Göyçay", "the Erzurum congress") keep "When did ... take
place?"; documents are written, sent or issued; anything else is asked "When was ...?".
Each pattern is tried only where it reads right (no adjective between the article and the
noun that the verb cannot take); otherwise the plain form is kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Verb:
    """The verb behind a noun: its base form, its past participle, whether the noun's "of"
    phrase is its subject ("the fall of Baku": Baku fell) or its object ("the capture of
    Shamakhi": Shamakhi was captured), the prepositions whose phrase follows the verb rather
    than staying with the noun ("the move of the government | to Ganja"), and a preposition
    the verb drops ("a visit to Berlin": visit Berlin)."""

    base: str
    participle: str
    subject: bool
    follows: frozenset[str] = frozenset()
    drops: str = ""


def _intransitive(base: str, participle: str, follows: str = "", drops: str = "") -> Verb:
    return Verb(base, participle, True, frozenset(follows.split()), drops)


def _transitive(base: str, participle: str, follows: str = "by") -> Verb:
    return Verb(base, participle, False, frozenset(follows.split()) | _WHEN)


_WHEN = frozenset(["before", "after", "during", "while", "until"])  # "isolated | before the Turkish advance"


_MOTION = "to from into towards toward across over in at for by via"
VERBS: dict[str, Verb] = {
    # the "of" phrase does it: the fall of Baku -> Baku fell
    "fall": _intransitive("fall", "fallen", "to"),
    "move": _intransitive("move", "moved", _MOTION),
    "flight": _intransitive("flee", "fled", _MOTION),
    "arrival": _intransitive("arrive", "arrived", _MOTION),
    "departure": _intransitive("depart", "departed", _MOTION),
    "withdrawal": _intransitive("withdraw", "withdrawn", _MOTION),
    "retreat": _intransitive("retreat", "retreated", _MOTION),
    "return": _intransitive("return", "returned", _MOTION),
    "escape": _intransitive("escape", "escaped", _MOTION),
    "landing": _intransitive("land", "landed", "in at on near"),
    "advance": _intransitive("advance", "advanced", "on to towards toward into"),
    "halt": _intransitive("halt", "halted", "at near before in"),
    "stalling": _intransitive("stall", "stalled", "near at in"),
    "revolt": _intransitive("revolt", "revolted", "against in"),
    "uprising": _intransitive("rise", "risen", "against in"),
    "surrender": _intransitive("surrender", "surrendered", "to"),
    "resignation": _intransitive("resign", "resigned"),
    "collapse": _intransitive("collapse", "collapsed"),
    "decline": _intransitive("decline", "declined"),
    "waning": _intransitive("wane", "waned"),
    "rise": _intransitive("rise", "risen"),
    "start": _intransitive("start", "started"),
    "opening": _intransitive("open", "opened", "in at"),
    "stay": _intransitive("stay", "stayed", "in at"),
    "visit": _intransitive("visit", "visited", "to", drops="to"),
    "meeting": _intransitive("meet", "met", "with", drops="with"),
    "help": _intransitive("help", "helped", "to", drops="to"),
    "complaint": _intransitive("complain", "complained", "to about"),
    "conversion": _intransitive("convert", "converted", "to"),
    "reliance": _intransitive("rely", "relied", "on"),
    "participation": _intransitive("take part", "taken part", "in"),
    # the "of" phrase has it done to it: the capture of Shamakhi -> Shamakhi was captured
    "capture": _transitive("capture", "captured"),
    "recapture": _transitive("recapture", "recaptured"),
    "publication": _transitive("publish", "published", "by in"),
    "founding": _transitive("found", "founded", "by in"),
    "formation": _transitive("form", "formed", "by in"),
    "creation": _transitive("create", "created", "by in"),
    "establishment": _transitive("establish", "established", "by in"),
    "proclamation": _transitive("proclaim", "proclaimed", "by in"),
    "declaration": _transitive("declare", "declared", "by in"),
    "arrest": _transitive("arrest", "arrested", "by in at"),
    "execution": _transitive("execute", "executed", "by in at"),
    "invasion": _transitive("invade", "invaded"),
    "occupation": _transitive("occupy", "occupied"),
    "evacuation": _transitive("evacuate", "evacuated"),
    "seizure": _transitive("seize", "seized"),
    "liberation": _transitive("liberate", "liberated"),
    "recognition": _transitive("recognize", "recognized", "by as"),
    "disarming": _transitive("disarm", "disarmed", "by in"),
    "dissolution": _transitive("dissolve", "dissolved"),
    "defeat": _transitive("defeat", "defeated", "by in at"),
    "annexation": _transitive("annex", "annexed"),
    "award": _transitive("award", "awarded", "to by"),
    "delivery": _transitive("deliver", "delivered", "to in by"),
    "rejection": _transitive("reject", "rejected"),
    "repudiation": _transitive("repudiate", "repudiated"),
    "extension": _transitive("extend", "extended", "to by"),
    "expulsion": _transitive("expel", "expelled", "from by"),
    "interception": _transitive("intercept", "intercepted"),
    "isolation": _transitive("isolate", "isolated"),
    "reinforcement": _transitive("reinforce", "reinforced", "by with"),
    "repulse": _transitive("repulse", "repulsed"),
    "sovietization": _transitive("Sovietize", "Sovietized"),
    "consideration": _transitive("consider", "considered"),
    "courting": _transitive("court", "courted"),
    "election": _transitive("elect", "elected", "by as"),
    "appointment": _transitive("appoint", "appointed", "by as"),
    "assassination": _transitive("assassinate", "assassinated", "by in"),
    "murder": _transitive("murder", "murdered", "by in"),
    "destruction": _transitive("destroy", "destroyed"),
    "siege": _transitive("besiege", "besieged"),
    "blockade": _transitive("blockade", "blockaded"),
    "bombardment": _transitive("bombard", "bombarded"),
    "shelling": _transitive("shell", "shelled"),
    "restoration": _transitive("restore", "restored", "by to"),
    "partition": _transitive("partition", "partitioned"),
    "transfer": _transitive("transfer", "transferred", "to from by"),
    "release": _transitive("release", "released", "from by"),
    "signing": _transitive("sign", "signed", "by in at"),
    "ratification": _transitive("ratify", "ratified"),
    "adoption": _transitive("adopt", "adopted"),
    "abolition": _transitive("abolish", "abolished"),
    "announcement": _transitive("announce", "announced"),
    "removal": _transitive("remove", "removed", "from by"),
    "deportation": _transitive("deport", "deported", "to from by"),
    "internment": _transitive("intern", "interned", "by in at"),
    "imprisonment": _transitive("imprison", "imprisoned", "by in at"),
    "crushing": _transitive("crush", "crushed"),
}
# Nouns of happenings, which read well after "When did ... take place?".
HAPPENINGS = frozenset((
    "battle", "battles", "congress", "conference", "assault", "assaults", "attack", "attacks", "massacre",
    "massacres", "meeting", "meetings", "talks", "session", "sessions", "campaign", "offensive", "parade", "fighting",
    "trial", "trials", "celebration", "celebrations", "coup", "negotiations", "ceremony", "war", "operation",
    "operations", "raid", "raids", "conspiracy", "revolution", "mutiny", "strike", "strikes", "elections", "riot",
    "riots", "pogrom", "pogroms", "clash", "clashes", "skirmish",
))
# Documents are written, sent or issued, and decisions made: they do not "take place".
DOCUMENTS = {
    **dict.fromkeys(("letter", "letters", "report", "reports", "reply", "memorandum", "article"), "written"),
    **dict.fromkeys(("telegram", "telegrams", "dispatch", "message", "messages", "note"), "sent"),
    **dict.fromkeys(
        ("instruction", "instructions", "order", "orders", "manifesto", "decree", "ultimatum", "warning", "warnings"),
        "issued",
    ),
    **dict.fromkeys(
        ("appeal", "protest", "proposal", "proposals", "decision", "offer", "demands", "remarks", "plan", "plans"),
        "made",
    ),
    **dict.fromkeys(("answer", "assurance", "pledge", "promise"), "given"),
    "declaration": "made",
    "understanding": "reached",
}
# Nouns that end in -ing, which are no participle after another noun ("the Erzurum understanding").
_ING_NOUNS = frozenset(
    [noun for noun in (*VERBS, *HAPPENINGS, *DOCUMENTS) if noun.endswith("ing")]
    + ["warning", "warnings", "understanding", "building", "beginning", "crossing", "gathering", "ruling", "hearing",
       "offering"]
)
# Adjectives between the article and the noun that the verb takes as an adverb.
_ADVERBS = {"formal": "formally", "secret": "secretly", "brief": "briefly", "official": "officially",
            "partial": "partly", "temporary": "temporarily", "final": "finally", "swift": "swiftly"}

_PREPOSITIONS = (
    "of on to from against for in by with about at over between after before under into towards toward that "
    "near across via as through during within above behind beyond"
)
_AFTER_HEAD = re.compile(rf" (?:{'|'.join(_PREPOSITIONS.split())}) ")
_INFINITIVE_TO = re.compile(r"^to [a-z]")  # "an attempt to enter Baku": "to" that starts a verb, not a place
_TO_NOUN = re.compile(r"^to (?:the|a|an|his|her|its|their|our|this|that|these|those) ")
_QUOTED = re.compile(r"(?<!\w)['\u2018][^'\u2019]*['\u2019](?!\w)")
_RELATIVE = re.compile(r" (?:that|which|who|whose|whom) ")
_PARTICIPLES = frozenset((
    "given", "made", "sent", "held", "taken", "done", "written", "led", "brought", "shown", "known", "set", "put",
))
_POSSESSIVE = re.compile(r"^(?P<owner>.+?(?:'s|s'|s’|’s)) (?P<rest>.+)$")
_ARTICLE = re.compile(r"^(?:the|a|an) ", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class EventQuestions:
    """"When ...?", "Where ...?" and, for a date that is only an upper bound, "By when ...?"."""

    when: str
    where: str
    by_when: str


def head_noun(name: str) -> str:
    """The noun a name is about: its last word before a preposition or a participle ("the
    Izvestiia article hailing ..." -> "article", "the welcome given to ..." -> "welcome",
    "the fall of Baku" -> "fall")."""
    unquoted = _QUOTED.sub(" ", name)  # "Rasulzade's warning 'Farewell, Azerbaijan'"
    words = [w for w in _AFTER_HEAD.split(unquoted, maxsplit=1)[0].split() if w]
    for i in range(2, len(words)):  # "the Izvestiia article hailing 'the first Soviet revolution"
        word = words[i]
        if word.endswith("ing") and word.islower() and word not in _ING_NOUNS:
            words = words[:i]
            break
    if len(words) > 2 and words[-2].lower() not in ("the", "a", "an") and (
        words[-1] in _PARTICIPLES or (words[-1].endswith("ed") and words[-1].islower())
    ):
        words = words[:-1]  # "the welcome given (to ...)"
    return words[-1].strip("'\u2019").lower() if words else ""


def plural(noun_phrase: str) -> bool:
    """Whether a noun phrase takes "were": "the Baku Commissars", "Kars and Ardahan", but not
    "Kars", "the Baku Council of People's Commissars" or "the liaison between A and B"."""
    head = _AFTER_HEAD.split(noun_phrase, maxsplit=1)[0]
    if re.search(r"\band\b", head):
        return True
    words = head.split()
    if not words:
        return False
    word = words[-1].strip("'\u2019")
    if not word.endswith("s") or word.endswith(("ss", "us", "is", "'s")):
        return False
    return word.islower() or _ARTICLE.match(noun_phrase) is not None or any(c.isdigit() for c in noun_phrase)


def event_questions(name: str) -> EventQuestions:
    """The "when", "where" and "by when" questions about an event named `name`."""
    head = head_noun(name)
    clause = verb_clause(name, head)
    if clause is not None:
        asked, perfect = clause
        if _motion_nowhere(head, asked):  # "When did Bicherakhov's Cossacks arrive?" Arrive where, from where?
            return EventQuestions("", f"Where {asked}?", "")
        return EventQuestions(f"When {asked}?", f"Where {asked}?", f"By when had {perfect}?")
    document = DOCUMENTS.get(head)
    if document is not None:
        if not _says_well_bare(name):  # "When was Enver Pasha's declaration ... that ... made?"
            return EventQuestions("", "", "")
        be = "were" if head.endswith("s") and not head.endswith("ss") else "was"
        where_verb = "sent from" if document == "sent" else document
        return EventQuestions(
            f"When {be} {name} {document}?", f"Where {be} {name} {where_verb}?", f"By when had {name} been {document}?",
        )
    if head in HAPPENINGS:
        return EventQuestions(
            f"When did {name} take place?", f"Where did {name} take place?", f"By when had {name} taken place?",
        )
    if not _says_well_bare(name):
        return EventQuestions("", "", "")
    be = "were" if plural(name) else "was"
    return EventQuestions(f"When {be} {name}?", f"Where did {name} take place?", f"By when had {name} begun?")


def _motion_nowhere(head: str, asked: str) -> bool:
    """Whether the name is of a movement (an arrival, a departure, a withdrawal) that says
    neither where to nor where from: its "when" has as many answers as the mover made moves."""
    verb = VERBS[head]
    return verb.subject and verb.follows >= _MOTION_WORDS and asked.endswith(f" {verb.base}")


_MOTION_WORDS = frozenset(("to", "from"))  # the verb goes somewhere from somewhere


BARE_WORDS = 12  # "When was <name>?" reads as a question only for a short name


def _says_well_bare(name: str) -> bool:
    """Whether "When was <name>?" is English: a short noun phrase of an occurrence ("the
    British evacuation of Baku"), not one built on a gerund or participle ("the stripping of
    Mustafa Kemal's commission", "the continuing Turkish influence") nor one carrying a clause
    of its own ("... in the offensive that overturned ..."). Other names get no such question
    (their date is still asked in a cloze or a true-or-false statement)."""
    words = _QUOTED.sub(" ", name).split()
    if len(words) > BARE_WORDS or _RELATIVE.search(name) or head_noun(name) in STATES:
        return False
    return not any(_gerund(w) for w in words)


def _gerund(word: str) -> bool:
    """A verb's -ing form ("stripping", "continuing"), not a noun ("spring", "landing")."""
    return len(word) >= 7 and word.endswith("ing") and word.islower() and word not in _ING_NOUNS


# Nouns of lasting states, not of occurrences: "When were the contacts of ...?" asks nothing a
# date answers in English (their dates stay in clozes and true-or-false statements).
STATES = frozenset((
    "influence", "alliance", "liaison", "contact", "contacts", "relations", "cooperation", "drive", "presence",
    "rule", "control", "friendship", "rivalry", "hostility", "support", "policy", "bonds", "ties",
))


def verb_clause(name: str, head: str) -> tuple[str, str] | None:
    """The name said with its verb after a question word ("did Baku fall", "was Shamakhi
    captured", "did Karabekir invade Armenia") and in the perfect ("Baku fallen", "Shamakhi
    been captured"); None where the name is not a noun made of a verb, or not in a form
    this reads right for."""
    verb = VERBS.get(head)
    if verb is None or _RELATIVE.search(name):  # "the withdrawal of ... that left ...": the clause is the noun's
        return None
    owned = _POSSESSIVE.match(name)
    if owned is not None and not _ARTICLE.sub("", owned["owner"]).lower().startswith(head):
        return _possessive(owned["owner"], owned["rest"], head, verb)
    match = re.match(rf"^(?:the|a|an) (?:(?P<adjective>\w+) )?{re.escape(head)} of (?P<rest>.+)$", name, re.IGNORECASE)
    if match is None or not name[:1].islower():
        return None
    adverb = ""
    if match["adjective"]:
        if match["adjective"].lower() not in _ADVERBS:
            return None
        adverb = _ADVERBS[match["adjective"].lower()] + " "
    subject, after = _split(match["rest"], verb.follows)
    after = f" {after}" if after else ""
    if verb.subject:
        return f"did {subject} {adverb}{verb.base}{after}", f"{subject} {adverb}{verb.participle}{after}"
    be = "were" if plural(subject) else "was"
    return f"{be} {subject} {adverb}{verb.participle}{after}", f"{subject} been {adverb}{verb.participle}{after}"


def _possessive(owner: str, rest: str, head: str, verb: Verb) -> tuple[str, str] | None:
    """"Karabekir's invasion of Armenia" -> "did Karabekir invade Armenia"."""
    words = rest.split(" ", 1)
    if words[0].lower() != head:  # "Enver Pasha's secret reinforcement ...": an adjective in the way
        return None
    tail = words[1] if len(words) > 1 else ""
    doer = owner[:-2] if owner.endswith(("'s", "\u2019s")) else owner[:-1]
    if verb.subject:
        if tail.startswith("of "):
            return None
        if verb.drops and tail.startswith(f"{verb.drops} "):
            tail = tail[len(verb.drops) + 1:]
    elif tail.startswith("of "):
        tail = tail[3:]
    else:
        return None
    tail = f" {tail}" if tail else ""
    return f"did {doer} {verb.base}{tail}", f"{doer} {verb.participle}{tail}"


def _split(text: str, follows: frozenset[str]) -> tuple[str, str]:
    """The noun phrase and the phrase that follows the verb: split at the first of the
    `follows` prepositions (not a "to" that starts a verb: "an attempt to enter Baku")."""
    words = text.split(" ")
    for i in range(1, len(words)):
        if words[i] in follows:
            rest = " ".join(words[i:])
            if words[i] == "to" and _INFINITIVE_TO.match(rest) and not _TO_NOUN.match(rest):
                continue
            return " ".join(words[:i]), rest
    return text, ""
