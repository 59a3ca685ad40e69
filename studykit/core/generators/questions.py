"""What can be asked about one fact, worded for its kind, and what its statement can be
blanked at: shared by the question-and-answer, multiple-choice, cloze and true/false
generators, so that all of them follow the same ambiguity rule.

The ambiguity rule: a prompt is only made when the fact base gives it one answer. If
another fact would answer it differently (a second event on the same day, a second
"Nuri Pasha"), the prompt is made specific (a place, a date, the parties) or not made.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import combinations

from studykit.core.answers import fold, format_number, parse_date
from studykit.core.dates import MONTHS, DatePoint, HistDate
from studykit.core.facts import Fact
from studykit.core.generators.date_index import Span, overlap, span
from studykit.core.generators.fairness import alike, holds_answer, surface
from studykit.core.generators.index import (
    Distractors,
    Entry,
    FactIndex,
    either,
    key,
    keys_of,
    magnitude,
    near_year,
    number_key,
    person_kind,
    shape,
    singular,
    synthetic_dates,
    synthetic_numbers,
)
from studykit.core.generators.options import NO_SIDE
from studykit.core.generators.phrasing import event_questions, head_noun, plural
from studykit.core.generators.qualifiers import allowed_by, choice_allowed, qualified_text, wrong_options
from studykit.core.generators.wording import (
    agreement_noun,
    agreement_verb,
    bare,
    cap,
    date_forms,
    date_phrase,
    definite,
    join_and,
    number_text,
    organization_phrase,
    party_phrase,
    place_preposition,
)


@dataclass(frozen=True, slots=True)
class Ask:
    """One question about a fact, with its answer; `distractors` when it can be multiple choice.

    `variant` names what is asked ("date", "date-reverse", "role", "term-2-reverse") and
    never depends on wording, so card ids built from it survive edits.
    """

    fact: Fact
    variant: str
    prompt: str
    answer: str
    accepted: tuple[str, ...] = ()
    distractors: Distractors | None = None
    answer_key: str = ""
    choice_prompt: str = ""  # a multiple choice's prompt if its options are not all of the answer's kind


@dataclass(frozen=True, slots=True)
class Blank:
    """A value the statement states verbatim, which a cloze blanks and a false statement swaps.

    `spans` are the (start, end) positions in the statement where it stands: every
    occurrence of a name or date, the one occurrence of a number that counts the unit.
    """

    variant: str       # "date", "place", "name", "number", "leader"
    text: str          # as written in the statement (its first occurrence)
    spans: tuple[tuple[int, int], ...]
    texts: tuple[str, ...]
    answer: str
    accepted: tuple[str, ...] = ()

    @property
    def uniform(self) -> bool:
        """Whether every occurrence is written the same way (a swap then reads naturally)."""
        return len({statement_text.casefold() for statement_text in self.texts}) == 1

    def fill(self, statement: str, new: str) -> str:
        out, last = [], 0
        for start, end in self.spans:
            out += [statement[last:start], new]
            last = end
        return "".join(out) + statement[last:]


QUIET_DAYS = 31  # a month asked for must be this far from any other fact's date (a week, a week)


def asks(fact: Fact, index: FactIndex) -> list[Ask]:
    """The questions about a fact, in order; none whose prompt already holds its answer; a claim
    of one source only is asked as its claim ("According to the Bengali article, what was ...?")."""
    found = [ask for ask in _ASKERS[fact.kind](fact, index) if not holds_answer(ask.prompt, ask.answer)]
    if fact.attribution:
        found = [replace(a, prompt=attributed(fact, a.prompt), choice_prompt=attributed(fact, a.choice_prompt))
                 for a in found]
    return found


def attributed(fact: Fact, prompt: str) -> str:
    """"According to <source>, what was ...?": the statement's own words for its source."""
    if not prompt or not fact.attribution:
        return prompt
    return f"{fact.attribution}, {prompt[:1].lower()}{prompt[1:]}"


def blanks(fact: Fact, index: FactIndex) -> list[Blank]:
    """The values the fact's statement can be blanked at, in order."""
    return _blanks(fact, index)


# --- helpers ------------------------------------------------------------------------

def _others(fact: Fact, index: FactIndex) -> list[Fact]:
    """The other facts about the same subject that could answer its questions differently: for
    a claim of one source, only that source's (another's claim is asked "According to" it)."""
    return [
        f for f in index.same_subject(fact)
        if f.id != fact.id and (fact.according_to is None or f.according_to == fact.according_to)
    ]


def _name_in(text: str, phrase: str) -> bool:
    """Whether the phrase gives the name away: "the fall of Baku" contains "Baku"."""
    return key(text) in key(phrase) if key(text) else False


def date_given_away(fact: Fact) -> bool:
    """"the Baku draft treaty of 11 January 1920": asking for its date would be no question;
    nor would "What happened in March 1918?" for "the March massacres in Baku" (whose year
    alone is asked: `_date_ask`)."""
    assert fact.date is not None and fact.name is not None
    return name_gives_date(fact.name, fact.date)


def name_gives_date(name: str, date: HistDate) -> bool:
    """`date_given_away` for another name of the fact (an alias)."""
    return _date_in_name(name, date) != ""


def _date_in_name(name: str, date: HistDate) -> str:
    """What of the date the name gives away: "date" (all of it, or its day and month), "month"
    (only the month: the year is still a question) or ""."""
    if any(form in name for form in date_forms(date)):
        return "date"
    start, end = date.start, date.end
    if start.day and start.month and f"{start.day} {MONTHS[start.month - 1]}" in name:
        return "date"
    months = {MONTHS[p.month - 1] for p in (start, end) if p is not None and p.month is not None}
    if not months or not any(_whole_words(name, month) for month in months):
        return ""
    one_year = end is None or end.year == start.year
    return "month" if one_year and not _whole_words(name, str(start.year)) else "date"


def date_disputed(fact: Fact) -> bool:
    """Whether the sources disagree on the fact's date (a conflict whose `about` begins with
    "date"): its date is then asked only as it stands, never swapped, offered against other
    dates or put in an order another source would dispute."""
    return any(conflict.about.split(":")[0].split()[:1] == ["date"] for conflict in fact.conflicts)


def _other_readings(fact: Fact, index: FactIndex) -> tuple[str, ...]:
    """The dates the other sources give ("5 February 1920 (date given in ...)"), as accepted
    answers: a student who has read the other source is not wrong. But not the date of another
    event of the base (5 February 1920, when the Representative Committee read Chicherin's
    letter, for the dispatch of 6 February): a student who types it has the events mixed up."""
    same = {f.id for f in index.same_subject(fact)}
    out: list[str] = []
    for conflict in fact.conflicts:
        for reading in conflict.readings:
            date = parse_date(reading.reading.split(" (")[0])
            if date is None or date == fact.date:
                continue
            days = span(date)
            if any(item[0] not in same and item[1:] == days for item in index.dates("happened").overlapping(days)):
                continue
            out += [date.display(), date.iso()]
    return tuple(dict.fromkeys(out))


def _reverse_worthy(date: HistDate) -> bool:
    """"What happened on 15 September 1918?" is a question; "What happened in 1919?" is not,
    however few events of 1919 the base holds. At most a month."""
    first, last = span(date)
    return last - first <= 31


def _place_aliases(place: str, index: FactIndex) -> tuple[str, ...]:
    found = index.place(place)
    return tuple(n for n in (found.name, *found.aliases) if n and n != place) if found else ()


def _place_keys(place: str, index: FactIndex) -> frozenset[str]:
    found = index.place(place)
    return index.subject_keys(found) | keys_of(place) if found else keys_of(place)


def _date_refined(fact: Fact, others: list[Fact]) -> str | None:
    """A date phrase that tells this fact from the others, or None if dates cannot (nor can
    an upper bound: "Who was Halil Pasha by April 1920?" asks nothing clear)."""
    if fact.date is None or date_bounded(fact) or any(o.date is None or o.date.overlaps(fact.date) for o in others):
        return None
    return date_phrase(fact.date)


def date_bounded(fact: Fact) -> bool:
    """Whether the fact's date is only an upper bound ("By February 1919 ..."): a later date
    would be just as true and an earlier one unknown, so it is asked only "By when ...?", never
    swapped, offered against other dates or put in an order."""
    return fact.date_bound is not None


def _by_when(prompt: str) -> str:
    """"When did X take place?" -> "By when had X taken place?"; "When was X written?" -> "By
    when had X been written?"."""
    if prompt.startswith("When did ") and prompt.endswith(" take place?"):
        return f"By when had {prompt[len('When did '):-len(' take place?')]} taken place?"
    for be in ("When was ", "When were "):
        if prompt.startswith(be):
            subject, _, verb = prompt[len(be):-1].rpartition(" ")
            return f"By when had {subject} been {verb}?"
    return prompt


def _date_ask(fact: Fact, index: FactIndex, prompt: str, by_when: str | None = None) -> Ask | None:
    """When did ...? Only when every fact about the same subject gives the same date; "By when
    ...?" (`by_when`, else made from `prompt`) for a date that is an upper bound."""
    assert fact.date is not None
    if not prompt:  # no question reads right for its name (phrasing.event_questions)
        return None
    others = _others(fact, index)
    given = _date_in_name(fact.name or "", fact.date)
    if given == "date" or any(o.date is not None and o.date != fact.date for o in others):
        return None
    if fact.kind == "event" and _namesake_untimed(fact, index):
        return None  # "When was the massacre of Armenians in Baku?": 1905, March 1918, September 1918
    date = fact.date
    if given == "month":  # the name gives the month: "In which year did ...?"
        date = HistDate(DatePoint(date.start.year))
        prompt = prompt.replace("When ", "In which year ", 1)
    if date.precision == "year" and date.start.year == index.main_year(fact.deck_id):
        return None  # "1918" in a deck on 1918: the deck's title answers it
    if date_disputed(fact):  # no options: another source's date might be among them
        accepted = (date.iso(), *_other_readings(fact, index))
        return Ask(fact, "date", prompt, cap(date.display()), accepted, None, date.iso())
    if date_bounded(fact):  # no options: any later date would be as true
        return Ask(fact, "date", by_when or _by_when(prompt), cap(date.display()), (date.iso(),), None, date.iso())
    # another source's date too, and the years next to a stretch of years
    also = tuple(with_margin(span(o.date)) for o in index.same_subject(fact) if o.date is not None)
    also += tuple(span(d) for d in dates_noted(fact))
    period = date_period(fact, date, index)
    spec = Distractors(
        pools=(("date", shape(date)),),
        near=near_year(date),
        overlapping=also,
        refuse=lambda entry: entry.span is None or not period[0] <= entry.span[0] <= entry.span[1] <= period[1],
        synthesize=synthetic_dates(date, fact.id),
    )
    return Ask(fact, "date", prompt, cap(date.display()), (date.iso(),), spec, date.iso())


_NOTED_DATE = re.compile(rf"\b(?:\d{{1,2}} )?(?:{'|'.join(MONTHS)}) \d{{4}}\b")


def dates_noted(fact: Fact) -> list[HistDate]:
    """The days and months the fact's notes name (`outside_knowledge`, `note`): where the notes
    give another date a reader may hold ("adopted by the Ottoman Chamber of Deputies on 28
    January 1920 (proclaimed on 17 February 1920)" for the National Pact, dated January 1920),
    that date is defensible, and no wrong option comes near it."""
    notes = [text for text in (fact.outside_knowledge, fact.note) if text]
    found = [parse_date(match[0]) for text in notes for match in _NOTED_DATE.finditer(text)]
    return [d for d in found if d is not None]


# Words that place an event in time within its name: "the March massacres", "the first assault",
# "the return ... after the Turkish withdrawal".
_TIME_WORDS = frozenset(fold(word) for word in (
    *MONTHS, "first", "second", "third", "fourth", "final", "last", "early", "late", "spring", "summer", "autumn",
    "winter", "after", "before", "during", "following", "until", "since",
))  # folded, as the names are ("March" is "marc")
_NAME_STOP = frozenset(("the", "a", "an", "of", "in", "on", "at", "to", "and", "by", "from", "with", "its", "their"))


def _name_words(name: str) -> frozenset[str]:
    return frozenset(
        singular(w) for w in re.findall(r"\w+", fold(name))
        if w not in _NAME_STOP and w not in _TIME_WORDS and not w.isdigit()
    )


def _namesake_untimed(fact: Fact, index: FactIndex) -> bool:
    """Whether the event's name, which says nothing of when, could as well name another event of
    the base: one of the same kind at the same place whose name says no more or no less ("the
    massacre of Armenians in Baku" beside "the March massacres in Baku"). The base then knows of
    several such events, and well-known history of more (Baku also saw massacres in 1905 and
    1990): "When ...?" needs the qualifier that tells them apart ("... after its capture by the
    Army of Islam"), which the name must carry, or it is not asked."""
    name = fact.name or ""
    if any(w in _TIME_WORDS or w.isdigit() for w in re.findall(r"\w+", fold(name))):
        return False
    for other in _namesakes(index).alike(name):
        elsewhere = other.place and fact.place and key(other.place) != key(fact.place)
        if other.id == fact.id or elsewhere:
            continue
        if index.subject_keys(other).isdisjoint(index.subject_keys(fact)):
            return True
    return False


SUBSET_WORDS = 10  # a name of more words is compared with every event of its head noun


class Namesakes:
    """The events of a base by head noun and by the words of their names (`_name_words`), so
    that the events whose name says no more or no less than another's are a few lookups, not a
    scan of every event with the same head noun (a tenth of a large base, for every event)."""

    def __init__(self, index: FactIndex) -> None:
        self.words: dict[str, frozenset[str]] = {}  # event id -> its name's words
        self.headed: dict[str, list[Fact]] = {}  # head noun -> events
        self.named: dict[tuple[str, frozenset[str]], list[Fact]] = {}  # (head noun, name's words) -> events
        self.with_word: dict[tuple[str, str], list[Fact]] = {}  # (head noun, a word of the name) -> events
        for event in index.facts:
            if event.kind == "event" and event.name:
                head, words = singular(head_noun(event.name)), _name_words(event.name)
                self.words[event.id] = words
                self.headed.setdefault(head, []).append(event)
                self.named.setdefault((head, words), []).append(event)
                for word in words:
                    self.with_word.setdefault((head, word), []).append(event)

    def alike(self, name: str) -> Iterator[Fact]:
        """The events of the name's head noun whose names' words are some of its words, or all
        of them and more (an event may come more than once)."""
        head, words = singular(head_noun(name)), _name_words(name)
        if not words or len(words) > SUBSET_WORDS:
            yield from (o for o in self.headed.get(head, []) if self.words[o.id] <= words or words <= self.words[o.id])
            return
        for size in range(len(words) + 1):  # some of its words: each subset looked up
            for part in combinations(sorted(words), size):
                yield from self.named.get((head, frozenset(part)), ())
        rarest = min((self.with_word.get((head, word), []) for word in words), key=len)
        yield from (o for o in rarest if words <= self.words[o.id])  # all of them: each holds its rarest


_NAMESAKES: weakref.WeakKeyDictionary[FactIndex, Namesakes] = weakref.WeakKeyDictionary()


def _namesakes(index: FactIndex) -> Namesakes:
    """The index's `Namesakes`, built once and kept while the index lives."""
    found = _NAMESAKES.get(index)
    if found is None:
        found = _NAMESAKES[index] = Namesakes(index)
    return found




# Years a wrong date may lie from the answer's: none in a deck on one year (a date of 1919 in a
# deck on 1918 is from another story), one where the deck spans years; a year asked alone is
# offered among the years around it, a stretch of years among stretches a year apart.
SAME_YEAR, NEXT_YEAR, NEAR_YEARS, NEAR_STRETCHES = 0, 1, 2, 3


def date_period(fact: Fact, date: HistDate, index: FactIndex) -> Span:
    """The days a wrong date for the fact must lie in: the answer's own period, so that no option
    is ruled out by its year alone ("When did Mustafa Kemal stay in Havza?" among three dates of
    1918, before he reached Anatolia), and no later than its participants are active in the base
    (`FactIndex.active`: no Baku Commune decision after the Commune is gone)."""
    first, last = span(date)
    start, end = date.start.year, (date.end or date.start).year
    if date.end is not None and last - first >= VAGUE_SPAN:
        margin = NEAR_STRETCHES
    elif date.precision == "year":
        margin = NEAR_YEARS
    elif start == end == index.main_year(fact.deck_id):
        margin = SAME_YEAR
    else:
        margin = NEXT_YEAR
    low, high = dt.date(start - margin, 1, 1).toordinal(), dt.date(end + margin, 12, 31).toordinal()
    if margin >= NEAR_YEARS:  # a year is asked among years, whoever was about then
        return low, high
    unit = date.start.precision
    for side in dict.fromkeys(fact.participants + fact.parties):
        active = index.active(side)
        if active is not None:  # whole months around it, for an answer in months
            low, high = max(low, _round_down(active[0], unit)), min(high, _round_up(active[1], unit))
    return min(low, first), max(high, last)


def _round_down(ordinal: int, unit: str) -> int:
    """The first day of the month ("month") the day is in; the day itself otherwise."""
    day = dt.date.fromordinal(ordinal)
    return day.replace(day=1).toordinal() if unit == "month" else ordinal


def _round_up(ordinal: int, unit: str) -> int:
    """The last day of the month ("month") the day is in; the day itself otherwise."""
    if unit != "month":
        return ordinal
    day = dt.date.fromordinal(ordinal)
    return (dt.date(day.year + day.month // 12, day.month % 12 + 1, 1) - dt.timedelta(days=1)).toordinal()


VAGUE_SPAN = 366  # days from first to last: a stretch of years ("1918–1919"); a leap year is 365
YEAR_DAYS = 365


def with_margin(days: Span) -> Span:
    """A stretch of years ("leftist societies rose in 1918–1919") has no sharp edges: the
    years next to it are defensible answers ("1920–1921"), so no wrong option comes within a
    year of it."""
    if days[1] - days[0] < VAGUE_SPAN:
        return days
    return days[0] - YEAR_DAYS, days[1] + YEAR_DAYS


def _refuse_overlapping_date(fact: Fact, index: FactIndex) -> Callable[[Entry], bool]:
    """Refuse a candidate event or agreement that could itself have happened on the fact's date."""
    assert fact.date is not None
    days = span(fact.date)

    def refuse(entry: Entry) -> bool:
        candidate = index.by_id[entry.fact_id]
        return any(o.date is not None and overlap(span(o.date), days) for o in index.same_subject(candidate))

    return refuse


def _dated_option(entry: Entry) -> bool:
    """Refuse, for a question that gives a date ("Which letter was written on 8 July 1918?"), an
    option whose name carries a date of its own ("Hans von Seeckt's letter of 19 August 1918"):
    it rules itself out."""
    return surface(entry.text).dated


def _naming(subject_keys: frozenset[str]) -> Callable[[Entry], bool]:
    """Refuse an option that names the subject asked about: "the town at the base of Mount
    Ararat" is plainly not what Mount Ararat was, nor "a rival of Mustafa Kemal" who he was."""

    def refuse(entry: Entry) -> bool:
        return any(k in entry.key for k in subject_keys)

    return refuse


def subject_keys_of(index: FactIndex, fact_id: str, field: str) -> frozenset[str]:
    """The keys of one field ("terms", "role") over every fact about the subject of `fact_id`."""
    values: list[str] = []
    for other in index.same_subject(index.by_id[fact_id]):
        value = getattr(other, field)
        values += value if isinstance(value, tuple) else [value or ""]
    return frozenset(key(v) for v in values)


# --- events -------------------------------------------------------------------------

def _event_asks(fact: Fact, index: FactIndex) -> Iterable[Ask]:
    assert fact.name is not None and fact.date is not None
    name, date = fact.name, fact.date
    asked = event_questions(name)
    ask = _date_ask(fact, index, asked.when, asked.by_when)
    if ask:
        yield ask
    same = {f.id for f in index.same_subject(fact)}
    if _reverse_worthy(date) and not date_given_away(fact) and not date_bounded(fact):
        prompt = None
        if _alone_on(index, date, same, ("happened",)):
            prompt = f"What happened {date_phrase(date)}?"
        elif fact.place and not _name_in(fact.place, name) and _alone_on(index, date, same, ("happened",), fact.place):
            place = index.place(fact.place)
            at = place_preposition(place.place_type if place else None)
            prompt = f"What happened {at} {fact.place} {date_phrase(date)}?"
        if prompt:
            spec = Distractors(
                pools=(("event",),),
                excluded=index.subject_keys(fact),
                refuse=either(_refuse_overlapping_date(fact, index), _dated_option),
            )
            yield Ask(fact, "date-reverse", prompt, cap(name), fact.aliases, spec, key(name))
    yield from _place_ask(fact, index, name, asked.where)


def _alone_on(
    index: FactIndex, date: HistDate, same: set[str], group: tuple[str, ...], place: str | None = None,
) -> bool:
    """Whether no other fact of the group ("happened", "signed") could be what a reverse
    question asks for: none on an overlapping date, anywhere (or, with `place`, at that place
    or at no place the base knows, which might be that place). A month asked for is a month
    the sources say little about: no other fact within a month of it either, since a month
    the base fills with events holds more than the base tells ("What happened in Baku in
    November 1918?")."""
    days = quiet_days(date)
    if place is None:
        return not index.dates(*group).any_other(days, same)
    return not (
        index.dates(*group, "at", key(place)).any_other(days, same)
        or index.dates(*group, "nowhere").any_other(days, same)
    )


def quiet_days(date: HistDate) -> Span:
    """The days no other fact may fall in for a reverse question to have one answer: the date's
    own, and for more than two days as long again either side, at most a month (a week: a week
    either side)."""
    days = span(date)
    margin = min(QUIET_DAYS, days[1] - days[0]) if days[1] - days[0] > 1 else 0
    return days[0] - margin, days[1] + margin


def _place_ask(fact: Fact, index: FactIndex, name: str, prompt: str) -> Iterable[Ask]:
    """"Where ...?" for an event or agreement, unless its name gives the place away, another
    fact with the same question has a different place, or the place is what the whole deck
    is about ("Where did the fighting at Bibi-Heybat take place?" in a deck on Baku)."""
    if not prompt or not fact.place or _name_in(fact.place, name) or index.main_subject(fact.deck_id, fact.place):
        return
    if _country_wide(name, index):
        return
    if not all(o.place and key(o.place) == key(fact.place) for o in _others(fact, index)):
        return
    place = index.place(fact.place)
    spec = None  # a place the base does not place in a region has no options (Petrograd among Anatolian towns)
    if place is not None and place.region:
        excluded = frozenset().union(*(_place_keys(o.place, index) for o in index.same_subject(fact) if o.place))
        spec = Distractors(  # no place another source gives either
            pools=(("place", place.place_type or "other"), ("place",)), excluded=excluded,
            refuse=_elsewhere(index, place),
        )
    yield Ask(fact, "place", prompt, fact.place, _place_aliases(fact.place, index), spec, key(fact.place))


_PLACE_KINDS = {"city": "settlement", "town": "settlement", "village": "settlement", "station": "settlement",
                "region": "area", "country": "area"}


def place_kind(place: Fact) -> str:
    """What a place is, as options must share it: a settlement (city, town, village, station), an
    area (region, country), or its own type (a mountain, a river, a district of a city)."""
    place_type = place.place_type or "other"
    return _PLACE_KINDS.get(place_type, place_type)


def _elsewhere(index: FactIndex, place: Fact) -> Callable[[Entry], bool]:
    """Refuse a place option (named or described) that is not a place of the answer's region
    and kind in the base: "Where was the first Communist cell formed in Turkey?" is asked among
    Turkish cities, "What was Astrakhan?" not answered wrongly by the Georgian capital, and a
    mountain is not offered among towns."""
    region, kind = place.region, place_kind(place)

    def refuse(entry: Entry) -> bool:
        fact = index.by_id[entry.fact_id]
        other = fact if fact.kind == "place" else index.place(entry.text)
        return other is None or other.region != region or place_kind(other) != kind

    return refuse


# States an event's name may name, beyond the countries and regions the base holds as places.
STATES = frozenset(("Azerbaijan", "Armenia", "Georgia", "Germany", "Britain", "Russia", "Soviet Russia", "Turkey",
                    "Persia", "Iran", "Austria", "Ukraine", "Transcaucasia", "Anatolia"))
# Happenings of a whole state: where they took place, the state is as right as its capital.
COUNTRY_WIDE = frozenset(("revolution", "sovietization", "civil war"))


def _country_wide(name: str, index: FactIndex) -> bool:
    """Whether "Where ...?" of the event asks where within where: its name places it in a
    country or region ("the Sovietization of Azerbaijan", "the first Communist cell in Turkey":
    "in Azerbaijan" is as right as Baku), or it is a happening of a whole state, which
    well-known history places in the state ("Where did the Bolshevik revolution take place?":
    Russia as well as Petrograd). A state named otherwise ("the founding of the Azerbaijan
    Democratic Republic", "a plan to strike into Armenia") says nothing of where."""
    if any(head in fold(name).split() for head in COUNTRY_WIDE):
        return True
    for match in _IN_OR_OF.finditer(name):
        state = match["state"]
        if state in STATES:
            return True
        place = index.place(state)
        if place is not None and place.place_type in ("country", "region"):
            return True
    return False


# "in Turkey", "of Azerbaijan", "in the Crimea": a place the name ends its phrase with (not "of
# the Azerbaijan Democratic Republic", whose state is part of a longer name).
_IN_OR_OF = re.compile(r"\b(?:in|of) (?:the )?(?P<state>[A-Z][\w'-]*(?: [A-Z][\w'-]*)?)(?![\w'-]| [A-Z])")


# --- agreements ---------------------------------------------------------------------

def _agreement_asks(fact: Fact, index: FactIndex) -> Iterable[Ask]:
    assert fact.name is not None and fact.date is not None
    name, date = fact.name, fact.date
    noun, verb = agreement_noun(name), agreement_verb(name)
    if verb == "signed" and len(fact.parties) < 2:  # "When was the Turkish National Pact signed?": by whom?
        verb = "adopted"
    be = "were" if noun == "letters" else "was"  # "Kâzım Karabekir's letters to Nuri and Halil"
    done = "" if verb in name.split() else f" {verb}"  # "the understanding reached at Sivas ...": once
    ask = _date_ask(fact, index, f"When {be} {name}{done}?")
    if ask:
        yield ask
    same = {f.id for f in index.same_subject(fact)}
    answer_keys = index.subject_keys(fact)
    a_party_named = any(_name_in(p, name) for p in fact.parties)
    if _reverse_worthy(date) and not date_given_away(fact) and not date_bounded(fact):
        prompt = _agreement_reverse(fact, index, noun, verb, be, same, a_party_named)
        if prompt and not holds_answer(prompt, name):
            spec = Distractors(
                pools=(("agreement", noun), ("agreement",)),
                excluded=answer_keys,
                refuse=either(_refuse_overlapping_date(fact, index), _other_verb(verb), _dated_option),
            )
            yield Ask(
                fact, "date-reverse", prompt, cap(name), fact.aliases, spec, key(name),
                _neutral_noun(prompt, noun, verb),
            )
    yield from _place_ask(fact, index, name, f"Where {be} {name}{done}?")
    if len(fact.parties) >= 2 and verb in ("signed", "reached") and not a_party_named:
        others = _others(fact, index)
        parties_key = index.parties_key(fact)
        hinted = _hinted_parties(fact)
        if all(index.parties_key(o) == parties_key for o in others) and not hinted:
            spec = Distractors(
                pools=(("parties", "agreed"),),
                excluded=frozenset(index.parties_key(o) for o in index.same_subject(fact)),
                refuse=_part_or_whole(parties_key),
            )
            yield Ask(
                fact, "parties", f"Who were the parties to {name}?", index.parties_text(fact),
                (join_and(fact.parties),), spec, parties_key,
            )
        elif all(index.parties_key(o) == parties_key for o in others):
            yield from _other_party_ask(fact, index, name, hinted)
    said = "said" if noun in ("letter", "letters", "telegram", "reply", "dispatch", "message", "note") else "provided"
    for i, term in enumerate(fact.terms):
        holders = [f for f in index.with_value("agreement.term", term) if f.id not in same]
        if holders or _name_in(bare(name), term):
            continue
        prompt = f"Which {noun} {said} that {term}?"
        if holds_answer(prompt, name):  # "Which letter said that Talât Pasha would submit to Mustafa Kemal?"
            continue
        spec = Distractors(
            pools=(("agreement", noun), ("agreement",)), excluded=answer_keys,
            refuse=either(_holds_term(term, index), _other_verb(verb)),
        )
        yield Ask(
            fact, f"term-{i}-reverse", prompt, cap(name), fact.aliases, spec, key(name), _neutral_noun(
                prompt, noun, verb,
            ),
        )


_PARTY_STEM = 4  # letters that tell a party in an adjective or a prefix: "Russo-German" (Russia), "Soviet envoys"
_PARTY_COMMON = frozenset(("the", "of", "and", "empire", "republic", "society", "congress", "party", "government",
                           "council", "committee", "union", "allies", "nationalists"))


def _hinted_parties(fact: Fact) -> list[str]:
    """The parties the agreement's name tells by a word of their own ("the secret Russo-German
    agreement": Germany and Soviet Russia; "... between two Soviet envoys and a Pan-Islamic
    society": Soviet Russia): "Who were the parties to ...?" would answer itself in part."""
    said = [w for w in re.findall(r"[^\W\d_]+", fold(fact.name or "")) if len(w) >= 4]
    hinted = []
    for party in fact.parties:
        for word in re.findall(r"[^\W\d_]+", fold(party)):
            if word in _PARTY_COMMON or len(word) < 4:
                continue
            stem = word[:min(_PARTY_STEM, len(word) - 1)]
            if any(w.startswith(stem) for w in said):
                hinted.append(party)
                break
    return hinted


def _other_party_ask(fact: Fact, index: FactIndex, name: str, hinted: list[str]) -> Iterable[Ask]:
    """"Who, beside Soviet Russia, was a party to the understanding reached at Sivas between two
    Soviet envoys and a Pan-Islamic society?": where the name tells all parties but one, the
    question asks for that one (typed: a body or a person, by its names); none where it tells
    them all."""
    missing = [p for p in fact.parties if p not in hinted]
    if len(missing) != 1:
        return
    party = missing[0]
    known = index.named("organization", party) or index.named("person", party)
    accepted = tuple(dict.fromkeys(n for f in known for n in (f.name, *f.aliases) if n and n != party))
    beside = join_and([party_phrase(p, index.organizations) for p in hinted])
    prompt = f"Who, beside {beside}, was a party to {name}?"
    answer = cap(party_phrase(party, index.organizations))
    yield Ask(fact, "party", prompt, answer, (party, *accepted), None, key(party))


def _agreement_reverse(
    fact: Fact, index: FactIndex, noun: str, verb: str, be: str, same: set[str], a_party_named: bool,
) -> str | None:
    """"Which armistice did the Ottoman Empire and the Allies sign on 30 October 1918?".

    Treaties are often signed in sets on one day (the Ottoman Empire signed three at Batum on
    4 June 1918), so a treaty between two or more parties is asked with its parties, never by
    its date alone; when its name holds a party there is no such question. A document of
    one hand (a letter, a telegram) is asked by its date, or its date and place, when no
    other document of the base could be meant."""
    assert fact.date is not None and fact.name is not None
    when = date_phrase(fact.date)
    if verb in _INFINITIVE and len(fact.parties) >= 2:
        if a_party_named or index.dates("signed", "by", index.parties_key(fact)).any_other(quiet_days(fact.date), same):
            return None
        return f"Which {noun} did {index.parties_phrase(fact)} {_INFINITIVE[verb]} {when}?"
    if _alone_on(index, fact.date, same, ("signed",)):
        return f"Which {noun} {be} {verb} {when}?"
    at_place = fact.place and not _name_in(fact.place, fact.name)  # "Which treaty was signed in Sèvres?" gives it away
    if at_place and fact.place and _alone_on(index, fact.date, same, ("signed",), fact.place):
        place = index.place(fact.place)
        at = place_preposition(place.place_type if place else None)
        return f"Which {noun} {be} {verb} {at} {fact.place} {when}?"
    return None


def _other_verb(verb: str) -> Callable[[Entry], bool]:
    """Refuse a document made otherwise than the answer (a letter among treaties signed):
    the question's verb would name the answer."""

    def refuse(entry: Entry) -> bool:
        return agreement_verb(entry.text) != verb

    return refuse


_INFINITIVE = {"signed": "sign", "reached": "reach"}


def _part_or_whole(parties_key: str) -> Callable[[Entry], bool]:
    """Refuse parties that are some of the answer's, or the answer's and more: "Germany and
    Soviet Russia" is not wrong for a treaty of Soviet Russia with Germany and its allies."""
    parties = set(parties_key.split("|"))

    def refuse(entry: Entry) -> bool:
        other = set(entry.key.split("|"))
        return other <= parties or parties <= other

    return refuse


def _neutral_noun(prompt: str, noun: str, verb: str) -> str:
    """The prompt with "document" for the noun (an understanding's: "agreement"), for a
    multiple choice whose options are not all of the answer's kind: "Which armistice ...?"
    over one armistice, two treaties and a telegram would name its answer."""
    neutral = "agreement" if verb == "reached" else "document"
    return prompt.replace(f"Which {noun} ", f"Which {neutral} ", 1)


def _holds_term(term: str, index: FactIndex) -> Callable[[Entry], bool]:
    """Refuse an agreement that provided the same (under any fact about it)."""
    term_key = key(term)

    def refuse(entry: Entry) -> bool:
        return term_key in subject_keys_of(index, entry.fact_id, "terms")

    return refuse


# --- people -------------------------------------------------------------------------

def _person_asks(fact: Fact, index: FactIndex) -> Iterable[Ask]:
    assert fact.name and fact.role and fact.category
    name, role = fact.name, fact.role
    others = [o for o in _others(fact, index) if key(o.role or "") != key(role)]
    when = "" if not others else _date_refined(fact, others)
    if when is not None and not _name_in(name, role):
        prompt = f"Who was {name} {when}?" if when else f"Who was {name}?"
        roles = [o.role for o in index.same_subject(fact) if o.role]
        spec = Distractors(
            pools=(("role", fact.category), ("role", "side", fact.side or ""), ("role",)),
            excluded=frozenset(map(key, roles)),
            refuse=either(
                _naming(index.subject_keys(fact)), _alike_to(roles), _in_story(fact, index),
                _also_holds(index, "role", roles),
            ),
        )
        yield Ask(fact, "role", prompt, cap(role), (), spec, key(role))
    if definite(role) and not _name_in(name, role) and not _shared_lead(fact, index) and not index.main_subject(
        fact.deck_id, name,
    ):
        holders = [
            f for f in index.with_value("person.role", role)
            if index.subject_keys(f).isdisjoint(index.subject_keys(fact))
        ]
        when = "" if not holders else _date_refined(fact, holders)
        if when == "" and is_office(role):
            when = _office_date(fact)  # "the German Foreign Minister" in August 1918, not in July
        if when is not None:
            prompt = f"Who was {role} {when}?" if when else f"Who was {role}?"
            excluded = index.subject_keys(fact).union(*(index.subject_keys(h) for h in holders))
            for organization in index.organizations_named_in(role):
                excluded |= keys_of(*organization.leaders)
            role_key = key(role)
            side = fact.side or ""
            spec = Distractors(
                pools=people_pools(fact.category, side),
                excluded=excluded,
                refuse=either(lambda e: e.key in role_key, _also_fits(fact, index, "role", role)),
            )
            yield Ask(fact, "role-reverse", cap(prompt), name, fact.aliases, spec, key(name))


def people_pools(category: str, side: str) -> tuple[tuple[str, ...], ...]:
    """Where the wrong options of "Who was ...?" and "Who led ...?" come from: people of the
    answer's side and kind (`index.person_kind`: soldiers for a soldier, civilians for a
    civilian), of its category first. "Who was the Armenian military commissar ...?" offers
    Armenians only: an Azerbaijani or Ottoman commander beside them is ruled out by his side
    alone, as a general is beside a foreign minister. Without three such people there is no
    multiple choice; a person of no known side ("Other") is asked among people of his kind."""
    kind = person_kind(category)
    if side and side != NO_SIDE:
        return (("person", category, side), ("person", "kind", kind, side))
    return (("person", category), ("person", "kind", kind))


_ROLE_CLAUSE = re.compile(r"\b(?:who|whom|whose|which|that|when|where)\b|\b1[0-9]{3}\b")


def is_office(role: str) -> bool:
    """Whether the role is an office or a standing ("the Soviet Foreign Affairs Commissar",
    "the commander of the Volunteer Army", "the brother of Enver Pasha"), not one episode
    ("the Bolshevik who freed the imprisoned Baku commissars ...") nor dated in itself ("the
    commander of the British Caucasus Military Mission of 1918"): an office passes from holder
    to holder (Trotsky, Chicherin and Litvinov were each the Foreign Affairs Commissar), so
    "Who was <role>?" has one answer only at a date."""
    return _ROLE_CLAUSE.search(role) is None


def _office_date(fact: Fact) -> str | None:
    """The date an office is asked at: the fact's own, which the sources give for the holder's
    time in it ("Who was the German Foreign Minister in August 1918?"); without one, or with only
    an upper bound, no question."""
    if fact.date is None or date_bounded(fact):
        return None
    return date_phrase(fact.date)


_LEADING = re.compile(
    r"^the (?:co-)?(?:founder|leader|head|chairman|chief|organizer|creator|commander)s? of (?P<body>.+)$",
)


def _shared_lead(fact: Fact, index: FactIndex) -> bool:
    """Whether the role makes the person the one founder, leader or head of a body that the
    base says others led too ("the founder of the Karakol society", which Kara Vasif and
    Baha Sait led): "Who was ...?" would mark a co-founder wrong."""
    match = _LEADING.match(fact.role or "")
    if match is None:
        return False
    body = fold(match["body"])
    own = index.subject_keys(fact)
    for organization in index.organizations_named_in(match["body"]):
        if not any(body.startswith(fold(n)) for n in (organization.name or "", *organization.aliases) if n):
            continue  # named later in the role, not the body it leads
        leaders = {key(x) for o in index.same_subject(organization) for x in o.leaders}
        if leaders - own:
            return True
    return False


def _alike_to(descriptions: Iterable[str]) -> Callable[[Entry], bool]:
    """Refuse an option that says nearly what one of the descriptions says: it may be true too."""
    known = [d for d in descriptions if d]

    def refuse(entry: Entry) -> bool:
        return any(alike(entry.text, d) for d in known)

    return refuse


def _in_story(fact: Fact, index: FactIndex) -> Callable[[Entry], bool]:
    """Refuse a description of a person, body or place that the fact's own statement or quotes
    name: "Who was Karamaryam?" is not to be answered wrongly by what Göyçay was, when the
    two named one front."""
    mentioned = index.mentions(fact)

    def refuse(entry: Entry) -> bool:
        return not index.entry_forms(entry).isdisjoint(mentioned)

    return refuse


def _also_holds(index: FactIndex, field: str, descriptions: Sequence[str]) -> Callable[[Entry], bool]:
    """Refuse a description of someone who, in another fact, is described as the answer is:
    beside the answer, the option would describe one of the answer's holders twice."""
    known = [d for d in descriptions if d]

    def refuse(entry: Entry) -> bool:
        return any(
            alike(held, d) or key(held) == key(d) for held in index.entry_descriptions(entry, field) for d in known
        )

    return refuse


def _also_fits(fact: Fact, index: FactIndex, field: str, description: str) -> Callable[[Entry], bool]:
    """Refuse a person, body or place that may also be what the question asks for: one whose
    own description (`field`: role, description, significance) in any fact says nearly the
    same, or one that the answer's own statement or quotes name beside it ("Enver and Cemal
    were among those who had already set out for Russia": Cemal is no wrong answer to "Who
    was the Ittihadist leader who had set out for Russia by late 1919?")."""
    in_story = _in_story(fact, index)

    def refuse(entry: Entry) -> bool:
        if in_story(entry):
            return True
        return any(alike(held, description) for held in index.entry_descriptions(entry, field))

    return refuse


_PROPER_ADJECTIVE = re.compile(
    r"^the (?:(?:[a-z]+ed|[a-z]+-[a-z]+|[A-Z][a-z]+-[a-z]+) ){0,2}([A-Z][a-z]{3,}?)(ian|ani|an|ish|i) [a-z]",
)


def region_stems(description: str) -> tuple[str, ...]:
    """The folded stem of the proper adjective a description qualifies its head noun by ("the
    Daghestani port ..." -> "daghestan", "the Armenian party ..." -> "armen"); none for an
    adjective further on ("the region where Turkish officers ...")."""
    return tuple(dict.fromkeys(fold(m[1] + ("" if m[2] in ("ian", "ish") else m[2][:-1]))
                               for m in _PROPER_ADJECTIVE.finditer(description.strip())))


def _other_region(index: FactIndex, description: str) -> Callable[[Entry], bool]:
    """Refuse an option none of whose facts says what the description qualifies the answer by
    ("the Daghestani port ...": Baku, Astrakhan and Tiflis leave Derbent the only Daghestani
    option; "the Armenian party": Musavat beside Dashnaktsutyun)."""
    stems = region_stems(description)

    def refuse(entry: Entry) -> bool:
        facts = [o for subject in index.entry_subjects(entry) for o in index.same_subject(subject)]
        return not all(any(index.says(o, stem) for o in facts) for stem in stems)

    return refuse if stems else (lambda entry: False)


# --- places -------------------------------------------------------------------------

# A description that names a place by the one office it holds in a state ("the Ottoman capital",
# "the capital of Georgia"): it identifies the place on its own, whatever else it says.
_CAPITAL = re.compile(r"^(?:the |its )?(?:former |claimed )?(?:(?:[A-Z][\w-]*|medieval) )?capital\b")


def _place_asks(fact: Fact, index: FactIndex) -> Iterable[Ask]:
    assert fact.name and fact.significance
    name, significance = fact.name, fact.significance
    place_type = fact.place_type or "other"
    be = "were" if plural(name) or (" " in name and name.endswith("s")) else "was"
    same_everywhere = all(key(o.significance or "") == key(significance) for o in _others(fact, index))
    if same_everywhere and not _name_in(name, significance):
        significances = [o.significance for o in index.same_subject(fact) if o.significance]
        spec = Distractors(
            pools=(("significance", place_type), ("significance",)), excluded=frozenset(map(key, significances)),
            refuse=either(
                _naming(index.subject_keys(fact)), _alike_to(significances), _in_story(fact, index),
                _also_holds(index, "significance", significances), _elsewhere(index, fact),
            ),
        )
        yield Ask(fact, "significance", f"What {be} {name}?", cap(significance), (), spec, key(significance))
    if definite(significance) and not _name_in(name, significance) and not index.main_subject(fact.deck_id, name) and (
        not _CAPITAL.match(significance)  # "What was the Ottoman capital, ...?": Istanbul, by the title alone
    ):
        holders = [
            f for f in index.with_value("place.significance", significance)
            if index.subject_keys(f).isdisjoint(index.subject_keys(fact))
        ]
        if not holders:
            significance_key = key(significance)
            spec = Distractors(
                pools=(("place", place_type), ("place",)),
                excluded=index.subject_keys(fact),
                refuse=either(
                    lambda e: e.key in significance_key, _also_fits(fact, index, "significance", significance),
                    _other_region(index, significance), _elsewhere(index, fact),
                ),
            )
            prompt = f"What {_be_for(significance)} {significance}?"
            yield Ask(fact, "significance-reverse", prompt, name, fact.aliases, spec, key(name))


# --- numbers ------------------------------------------------------------------------

def _number_asks(fact: Fact, index: FactIndex) -> Iterable[Ask]:
    assert fact.label and fact.value is not None and fact.unit
    others = [  # "up to 1,000" is another answer than "1,000": the prompt must tell them apart
        o for o in _others(fact, index)
        if o.value != fact.value or o.qualifier != fact.qualifier or key(o.unit or "") != key(fact.unit)
    ]
    when = "" if not others else _date_refined(fact, others)
    if when is None:
        return
    verb = "were" if _plural(fact.label) else "was"
    prompt = f"What {verb} {fact.label} {when}?" if when else f"What {verb} {fact.label}?"
    same = index.same_subject(fact)
    excluded = frozenset(number_key(o.value) for o in same if o.value is not None)
    spec: Distractors | None = Distractors(
        pools=(("number", key(fact.unit), str(magnitude(fact.value))),),
        excluded=excluded,
        refuse=lambda e: e.value is not None and allowed_by(same, e.value),  # "about 1,000" elsewhere: not 900
        synthesize=synthetic_numbers(float(fact.value), fact.unit, fact.id),
    )
    answer = number_text(fact.value, fact.unit)
    accepted: tuple[str, ...] = (format_number(fact.value),)
    if fact.qualifier:  # "more than 30 km": the figure as qualified, options only for "about" (qualifiers.py)
        answer, accepted = cap(qualified_text(fact)), (format_number(fact.value), answer)
        spec = Distractors(pools=(), excluded=excluded, synthesize=wrong_options(fact, same))
        if not choice_allowed(fact):
            spec = None
    yield Ask(fact, "value", cap(prompt), answer, accepted, spec, number_key(fact.value))


def _plural(label: str) -> bool:
    """"the losses of ..." takes "were"; "the strength of ..." and "the number of ..." take "was"."""
    head = label.split(" of ")[0].split()[-1].lower()
    return head.endswith("s") and not head.endswith(("ss", "us", "is"))


# --- organizations ------------------------------------------------------------------

def _organization_asks(fact: Fact, index: FactIndex) -> Iterable[Ask]:
    assert fact.name and fact.description
    name, description = fact.name, fact.description
    phrase = organization_phrase(name)
    be = "were" if plural(phrase) else "was"
    named = any(_name_in(n, description) for n in (name, *fact.aliases))
    if not named and all(key(o.description or "") == key(description) for o in _others(fact, index)):
        descriptions = [o.description for o in index.same_subject(fact) if o.description]
        spec = Distractors(
            pools=(("description",),), excluded=frozenset(map(key, descriptions)),
            refuse=either(
                _naming(index.subject_keys(fact)), _alike_to(descriptions), _in_story(fact, index),
                _also_holds(index, "description", descriptions),
            ),
        )
        yield Ask(fact, "description", f"What {be} {phrase}?", cap(description), (), spec, key(description))
    if definite(description) and not named:
        holders = [
            f for f in index.with_value("organization.description", description)
            if index.subject_keys(f).isdisjoint(index.subject_keys(fact))
        ]
        if not holders:
            spec = Distractors(
                pools=(("organization",),), excluded=index.subject_keys(fact),
                refuse=either(
                    _also_fits(fact, index, "description", description), _other_kind(index, description),
                    _other_region(index, description),
                ),
            )
            yield Ask(
                fact, "description-reverse", f"What {_be_for(description)} {description}?", cap(phrase),
                (name, *fact.aliases), spec, key(name),
            )
    verb = _leading_verb(fact, index)
    if verb is not None and not _named_after(fact) and not (  # "Who led the resistance?": its central figure
        len(fact.leaders) == 1 and index.main_subject(fact.deck_id, fact.leaders[0])
    ):
        others = _others(fact, index)
        leaders_key = sorted(key(x) for x in fact.leaders)
        if all(sorted(key(x) for x in o.leaders) == leaders_key for o in others):
            choice: Distractors | None = None  # a choice only for one leader: options are single names
            if len(fact.leaders) == 1:
                leader = index.person(fact.leaders[0])
                as_leader = _as_leader_of(fact, leader, index)  # Nuri Pasha as the committee's head
                side = (as_leader.side if as_leader else None) or fact.side or ""
                category = (as_leader.category if as_leader else None) or ""
                pools = people_pools(category, side)
                excluded = keys_of(*(x for o in index.same_subject(fact) for x in o.leaders))
                excluded |= index.subject_keys(leader) if leader else frozenset()
                org_keys = index.subject_keys(fact)
                choice = Distractors(
                    pools=pools,
                    excluded=excluded,
                    refuse=either(
                        _in_story(fact, index),
                        lambda e: any(
                            k in role for role in subject_keys_of(index, e.fact_id, "role") for k in org_keys
                        ),
                    ),
                )
            yield Ask(
                fact, "leaders", f"Who {verb} {phrase}{_in_its_year(fact, verb)}?", join_and(fact.leaders), (), choice,
                "|".join(leaders_key),
            )


def _as_leader_of(body: Fact, leader: Fact | None, index: FactIndex) -> Fact | None:
    """The leader's fact whose role names the body (his side and category as its leader), else
    his first."""
    if leader is None:
        return None
    keys = index.subject_keys(body)
    return next((o for o in index.same_subject(leader) if any(k in key(o.role or "") for k in keys)), leader)


_HEAD_ENDS = re.compile(r"[,;(]| (?:whose|that|which|who|whom|where|when|of|in|on|at|from|to|with|under|by|for) ")


def _be_for(description: str) -> str:
    """"were" for a description whose head noun is plural ("the Baku Commune's poorly disciplined
    troops, whose men deserted ..."), else "was" (also for "the most conscious and combat-ready
    force": the "and" joins its adjectives, not two things)."""
    head = _HEAD_ENDS.split(description, maxsplit=1)[0].split()
    word = head[-1] if head else ""
    many = word.islower() and word.endswith("s") and not word.endswith(("ss", "us", "is", "'s", "’s"))
    return "were" if many else "was"


# The kinds of body a description can name, by class: "What was the Armenian party ...?" offers
# parties only, or the word "party" picks the answer out.
BODY_KINDS = {
    "party": "party", "parties": "party",
    "newspaper": "press", "journal": "press", "organ": "press",
    "force": "military", "forces": "military", "unit": "military", "army": "military", "corps": "military",
    "division": "military", "detachment": "military", "detachments": "military", "flotilla": "military",
    "government": "state", "state": "state", "republic": "state",
}
_KIND_STOP = re.compile(r"\b(?:whose|that|which|who|where|when)\b|[,;(]")


def body_kind(text: str) -> str | None:
    """The class of body a description names before any clause of its own ("the Armenian party
    whose units ..." -> "party"), or None for a general word ("body", "committee")."""
    head = _KIND_STOP.split(text.lower(), maxsplit=1)[0]
    return next((BODY_KINDS[w] for w in re.findall(r"[a-z]+", head) if w in BODY_KINDS), None)


def _other_kind(index: FactIndex, description: str) -> Callable[[Entry], bool]:
    """Refuse a body of another kind than the description names (a council among parties)."""
    kind = body_kind(description)

    def refuse(entry: Entry) -> bool:
        if kind is None:
            return False
        other = index.by_id[entry.fact_id]
        return (body_kind(other.description or "") or body_kind(other.name or "")) != kind

    return refuse


NAMED_AFTER_STEM = 5  # letters a body's name and its leader's name must share to tell one from the other


def _named_after(fact: Fact) -> bool:
    """Whether a body is named after its leader ("Dunsterforce", led by Lionel Dunsterville):
    "Who led Dunsterforce?" spells its answer."""
    name = key(fact.name or "")
    return any(
        len(word) >= NAMED_AFTER_STEM and word[:NAMED_AFTER_STEM] in name
        for leader in fact.leaders for word in fold(leader).split()
    )


# How a statement says who led a body, and the verb its question takes. "Founded by" is not
# among them: a body often has several founders, and "Who founded ...?" would mark one wrong.
_STANDING = frozenset(("led", "headed", "commanded", "chaired"))  # an office, held by one holder after another
_STATED_YEAR = re.compile(r"(?<!\d)1\d{3}(?!\d)")


def _in_its_year(fact: Fact, verb: str) -> str:
    """" in 1920" for an office over a body the statement dates to one year ("Who commanded the XV
    Army Corps in 1920?": it had other commanders before and after), else "": a body's head, like
    any office, is one holder at a time."""
    if verb not in _STANDING:
        return ""
    years = set(_STATED_YEAR.findall(fact.statement))
    return f" in {years.pop()}" if len(years) == 1 else ""


_LEADERSHIP = (
    (re.compile(r"\b(?:led|headed|commanded|chaired|published|edited)\b"), None),
    (re.compile(r"\bunder\b"), "led"),
    (re.compile(r"\b(?:its|their) (?:commander|leader|head|chairman)\b"), "led"),
)
_NEAR = 60  # characters between a leader's name and the verb that says so


def _leading_verb(fact: Fact, index: FactIndex) -> str | None:
    """The verb of "Who led ...?" for a body whose statement names every leader beside a verb
    of leading ("commanded by Kâzım Karabekir", "which Mustafa Suphi published", "under Nuri
    Pasha"); None if it does not say so: a leader that only the `leaders` field names may be
    one of several a student knows ("Who led the Azerbaijan Democratic Republic?")."""
    if not fact.leaders:
        return None
    statement = fact.statement
    places: list[int] = []
    for leader in fact.leaders:
        person = index.person(leader)
        forms = [leader, *(person.aliases if person else ())]
        spans = find(statement, sorted(forms, key=len, reverse=True), every_form=True)
        if not spans:
            return None
        places += [start for start, _ in spans]
    for pattern, verb in _LEADERSHIP:
        for match in pattern.finditer(statement):
            if any(abs(match.start() - at) <= _NEAR for at in places):
                return verb or match[0]
    return None


_ASKERS = {
    "event": _event_asks,
    "agreement": _agreement_asks,
    "person": _person_asks,
    "place": _place_asks,
    "number": _number_asks,
    "organization": _organization_asks,
}


# --- blanks -------------------------------------------------------------------------

_MONTH = "|".join(MONTHS)
_BEFORE_DATE = re.compile(rf"(?:\b(?:{_MONTH})\s*|[–/-]\s*)$")
_AFTER_DATE = re.compile(rf"^(?:\s*(?:{_MONTH})\b|\s*[–/-]\s*\d)")


def find(text: str, forms: Iterable[str], *, every_form: bool = False) -> tuple[tuple[int, int], ...]:
    """Where the first form that stands in the text as a whole word occurs (every occurrence);
    with `every_form`, where any of the forms occurs (longest first, never overlapping), so
    that blanking a name leaves no other spelling of it standing."""
    taken: list[tuple[int, int]] = []
    for form in forms:
        if not form:
            continue
        spans = [s for s in _whole_words(text, form) if all(s[1] <= a or s[0] >= b for a, b in taken)]
        if form.isdigit():  # a year: not the year of a longer date
            spans = [s for s in spans if not _in_date(text, *s)]
        if spans and not every_form:
            return tuple(spans)
        taken += spans
    return tuple(sorted(taken))


def _whole_words(text: str, form: str) -> list[tuple[int, int]]:
    """Occurrences of the form standing as whole words; a form that starts in lower case
    ("the fall of Baku") also matches with a capital ("The fall of Baku")."""
    haystack, needle = text, form
    if form[:1].islower():
        lowered = text.lower()
        if len(lowered) == len(text):
            haystack, needle = lowered, form.lower()
        else:  # a letter whose lower case is longer (İ): let the regex engine do it
            return [m.span() for m in re.finditer(rf"(?<!\w){re.escape(form)}(?!\w)", text, re.IGNORECASE)]
    out = []
    start = haystack.find(needle)
    while start >= 0:
        end = start + len(needle)
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        if not (before.isalnum() or before == "_") and not (after.isalnum() or after == "_"):
            out.append((start, end))
        start = haystack.find(needle, start + 1)
    return out


def find_number(text: str, forms: Iterable[str], unit: str) -> tuple[tuple[int, int], ...]:
    """The one occurrence of the number that counts the unit: "6 guns", "6 infantry battalions";
    never the day of a date ("30 July") or part of a longer number."""
    found: list[tuple[int, int]] = []
    for form in forms:
        for match in re.finditer(rf"(?<![\d,.]){re.escape(form)}(?![\d]|[,.]\d)", text):
            if not _in_date(text, *match.span()):
                found.append(match.span())
    if not found:
        return ()
    stem = unit.split()[0][:4].lower()
    for start, end in sorted(found):
        if re.match(rf"^\s+(?:[\w-]+\s+){{0,3}}?{re.escape(stem)}", text[end:], re.IGNORECASE):
            return ((start, end),)
    return (min(found),)


def _in_date(text: str, start: int, end: int) -> bool:
    return bool(_BEFORE_DATE.search(text[:start]) or _AFTER_DATE.match(text[end:]))


def statement_has(text: str, value: str) -> bool:
    """Whether the value already stands in the text (a swap to it would say nothing new)."""
    return bool(find(text, [value]))


def _date_left_standing(statement: str, spans: tuple[tuple[int, int], ...], date: HistDate) -> bool:
    """Whether the statement, with the date blanked, still names its month ("on _____ began with
    shelling early on 14 September", "On _____, in its May Day manifesto"): the blank would
    give itself away, and a swapped date would contradict the rest of the sentence."""
    if not spans:
        return False
    months = {MONTHS[p.month - 1] for p in (date.start, date.end) if p is not None and p.month is not None}
    rest = Blank("date", "", spans, (), "").fill(statement, " ")
    return any(_whole_words(rest, month) for month in months)


def _bracketed_as_one(
    statement: str, spans: tuple[tuple[int, int], ...],
) -> tuple[tuple[tuple[int, int], ...], list[str]]:
    """A name and its alias in brackets ("Angora (Ankara)") are one blank, shown as the name:
    two blanks side by side ("_____ (_____)") would ask for the same thing twice. Returns the
    spans and the name each one shows."""
    merged: list[tuple[int, int]] = []
    names: list[str] = []
    for start, end in spans:
        if merged and statement[merged[-1][1]:start] == " (" and statement[end:end + 1] == ")":
            merged[-1] = (merged[-1][0], end + 1)
            continue
        merged.append((start, end))
        names.append(statement[start:end])
    return tuple(merged), names


# Common nouns that say what kind of thing a name is ("the journal Zhizn' natsional'nostei"):
# they stay in a cloze's sentence, since the blank asks for the name, not for its kind.
KIND_NOUNS = frozenset(("journal", "newspaper", "magazine", "decree", "ship", "cruiser", "village", "town", "city",
                        "station", "river", "society", "party"))


def _without_kind(name: str) -> str:
    """"journal Zhizn' natsional'nostei" -> "Zhizn' natsional'nostei"; a name is kept whole
    when no proper name follows its kind ("the river")."""
    kind, _, rest = name.partition(" ")
    if kind in KIND_NOUNS and rest[:1] and (rest[:1].isupper() or rest[:1] in "'\u2018\"“"):
        return rest
    return name


def _left_standing(statement: str, spans: tuple[tuple[int, int], ...], answer: str) -> bool:
    """Whether the answer still stands, as a whole word, in the sentence around its blanks."""
    outside = " ".join(statement[a:b] for a, b in zip((0, *(e for _, e in spans)), (*(s for s, _ in spans), None)))
    if not answer:
        return False
    start = outside.find(answer)
    while start >= 0:
        # neither inside a word or number before it ("1,30") nor after it ("30,000", "30.5")
        end = start + len(answer)
        before, after = outside[start - 1:start], outside[end:end + 2]
        if not (_word_char(before) or before in (",", ".")) and not (
            _word_char(after[:1]) or (after[:1] in (",", ".") and after[1:].isdecimal())
        ):
            return True
        start = outside.find(answer, start + 1)
    return False


def _word_char(char: str) -> bool:
    """Whether a character is one of a word (a regular expression's \\w)."""
    return char.isalnum() or char == "_"


ECHO_STEM = 5  # letters of a name that, heading a longer word, spell it ("Dunsterforce": Dunsterville)


def _echoed(statement: str, spans: tuple[tuple[int, int], ...]) -> bool:
    """Whether the sentence left around a blank spells the blanked name: "Major-General _____ ...
    which was called Dunsterforce after him", "_____ ... the Kemalist movement"."""
    outside = " ".join(statement[a:b] for a, b in zip((0, *(e for _, e in spans)), (*(s for s, _ in spans), None)))
    around = fold(outside).split()
    for start, end in spans:
        for word in fold(statement[start:end]).split():
            stem = word[:ECHO_STEM]
            if len(word) >= ECHO_STEM and any(w != word and w.startswith(stem) and not w.startswith(word)
                                                 for w in around):
                return True
    return False


_JOIN_AFTER = re.compile(r"^(?:,? (?:and|or|nor) |, )(?:the )?")
_JOIN_BEFORE = re.compile(r"(?:,? (?:and|or|nor)|,) (?:the )?$")
_LIST_GOES_ON = re.compile(r"^(?:,? (?:and|or|nor) |, )")
_CONJUNCTION = re.compile(r"(?:and|or|nor)")
_NAME_WORDS = 4  # the longest name looked for beside a blanked one


def _other_subject(index: FactIndex, kind: str, own: frozenset[str], phrase: str, shown: str) -> bool:
    """Whether the phrase names a subject of the kind other than the one blanked, which the
    prompt does not show (shown, it is told apart: "with Fuat Sabit and Baha Sait")."""
    phrase = phrase.strip(",.;:()").removesuffix("'s")
    return (
        phrase[:1].isupper() and not _whole_words(shown, phrase)
        and any(own.isdisjoint(index.subject_keys(f)) for f in index.named(kind, phrase))
    )


def _coordinated(text: str, forms: list[str], kind: str, own: frozenset[str], index: FactIndex, shown: str) -> bool:
    """Whether the source's sentence joins the name to another subject of its kind that the
    prompt leaves out ("the sanjaks of Kars and Ardahan", "Kars, Ardahan, and Batum"; a bare
    comma only in a list that goes on, not in an apposition such as "Ganja, Azerbaijan"): what
    it says of one it says of the others, so a blank on one has them as right answers too."""
    for start, end in find(text, forms, every_form=True):
        after, before = text[end:], text[:start]
        joined = _JOIN_AFTER.match(after)
        if joined:
            rest = after[joined.end():]
            words = rest.split()[:_NAME_WORDS]
            for n in range(len(words), 0, -1):
                phrase = " ".join(words[:n])
                if _other_subject(index, kind, own, phrase, shown):
                    if _CONJUNCTION.search(joined.group(0)) or _LIST_GOES_ON.match(rest[len(phrase):]):
                        return True
                    break
        joined = _JOIN_BEFORE.search(before)
        if joined:
            words = before[:joined.start()].split()[-_NAME_WORDS:]
            for n in range(len(words), 0, -1):
                if _other_subject(index, kind, own, " ".join(words[-n:]), shown):
                    if _CONJUNCTION.search(joined.group(0)) or _LIST_GOES_ON.match(after):
                        return True
                    break
    return False


def _alias_shown(outside: str, names: Iterable[str]) -> bool:
    """Whether a name the blank accepts stands in the sentence around it, its words there in
    the singular or the plural ("the Ittihadist or Young Turk party" beside a blank that
    accepts "Ittihadists" and "Young Turks"): the prompt then holds an answer to copy."""
    shown = {w.removesuffix("s") for w in fold(outside).split()}
    for name in names:
        name_words = [w.removesuffix("s") for w in fold(name).split()]
        if any(len(w) >= 3 for w in name_words) and all(w in shown for w in name_words):
            return True
    return False


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def _saying_quote(fact: Fact) -> str:
    """The sentence of the quotes that says what the statement says: the one sharing most of
    its words (a quote of two sentences may join the name to others in the one not meant)."""
    said = set(fold(fact.statement).split())
    sentences = [part for s in fact.sources for part in _SENTENCE_END.split(s.quote)]
    return max(sentences, key=lambda q: len(said & set(fold(q).split())), default="")


def _name_forms(name: str, aliases: Iterable[str]) -> list[str]:
    """The name without its article ("The _____ was signed", not "_____ was signed"), then the
    aliases, longest first; but an alias that holds the name comes before it, so that a title
    goes with the name ("Dr _____" would outlive a false statement's swap of "Fuat Sabit")."""
    base = _without_kind(bare(name))
    others = sorted(dict.fromkeys(a for a in aliases if a and a != base), key=len, reverse=True)
    return [*(a for a in others if base in a), base, *(a for a in others if base not in a)]


def _blanks(fact: Fact, index: FactIndex) -> list[Blank]:
    statement = fact.statement
    out: list[Blank] = []

    def add(variant: str, spans: tuple[tuple[int, int], ...], answer: str | None, accepted: Iterable[str]) -> None:
        if spans and variant in ("name", "leader") and _echoed(statement, spans):
            return
        if spans and variant in ("name", "place", "leader"):
            kind = {"name": fact.kind, "place": "place", "leader": "person"}[variant]
            forms = [statement[a:b] for a, b in spans]
            named = [n for n in dict.fromkeys((*forms, *accepted)) if n]
            own = frozenset(key(n) for n in named)
            if _coordinated(_saying_quote(fact), named, kind, own, index, statement):
                return  # "Ardahan, a sanjak ...", where the source says "Kars and Ardahan": Kars fits too
            if kind == "place" and any(_CAPITAL.match(statement[b:].lstrip(", ")) for _, b in spans):
                return  # "_____, the capital of Georgia, ...": the sentence names it by its title
            if _alias_shown(Blank(variant, "", spans, (), "").fill(statement, " "), named):
                return  # "The _____, the Ittihadist or Young Turk party": "Young Turks" is accepted
        if spans:
            spans, names = _bracketed_as_one(statement, spans)
            texts = tuple(statement[a:b] for a, b in spans)
            distinct = list(dict.fromkeys(names))
            shown = answer or " … ".join(distinct)  # each blank answered: "Baku Council ... … Baku Commune"
            if any(_left_standing(statement, spans, t) for t in (*texts, shown)):
                return  # "30 July ... more than _____ km": the sentence still shows the answer
            accepted = [*distinct, *texts, *accepted]
            out.append(
                Blank(variant, texts[0], spans, texts, shown, tuple(a for a in dict.fromkeys(accepted) if a != shown)),
            )

    main = index.main_year(fact.deck_id)
    if fact.kind in ("event", "agreement") and fact.date is not None:
        spans = find(statement, date_forms(fact.date))
        if not _date_left_standing(statement, spans, fact.date) and not (
            fact.date.precision == "year" and fact.date.start.year == main  # "In _____ ..." -> 1918, in a deck on 1918
        ):
            add("date", spans, fact.date.display(), [fact.date.iso()])
    if fact.kind == "event" and fact.place and not index.main_subject(fact.deck_id, fact.place):
        aliases = _place_aliases(fact.place, index)
        add("place", find(statement, _name_forms(fact.place, aliases), every_form=True), None, [fact.place, *aliases])
    if fact.kind in ("agreement", "person", "place", "organization") and fact.name and not (
        fact.kind in ("place", "person") and index.main_subject(fact.deck_id, fact.name)
    ):
        forms = _name_forms(fact.name, fact.aliases)
        add("name", find(statement, forms, every_form=True), None, [fact.name, *fact.aliases])
    if fact.kind == "number" and fact.value is not None and fact.unit:
        forms = [format_number(fact.value)]
        if float(fact.value).is_integer():
            forms.append(str(int(fact.value)))
        add("number", find_number(statement, forms, fact.unit), None, [format_number(fact.value)])
    if fact.kind == "organization" and not _named_after(fact):  # "Dunsterforce, under _____"
        for leader in fact.leaders:
            if index.main_subject(fact.deck_id, leader):
                break  # "the resistance led by _____": the deck's central figure
            person = index.person(leader)
            spans = find(statement, _name_forms(leader, person.aliases if person else ()), every_form=True)
            if spans:
                add("leader", spans, None, [leader])
                break
    return out
