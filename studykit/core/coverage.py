"""How much of the seed documents the facts cover: paragraphs, the facts citing each, and the gaps.

A fact cites a paragraph when one of its quotes (in `sources` or in a conflict's readings)
lies in it. The documents are split into paragraphs as they are written:

- A document whose lines are whole paragraphs (each paragraph one long line, as all three
  seeds are) is split at every line break; a hard-wrapped one (short lines, paragraphs
  separated by blank lines) at blank lines.
- A line that opens with superscript digits (``¹ ...``) is a footnote, a paragraph of its own.
- A page break in a printed article leaves a sentence cut in two with the page's footnotes
  between the halves. A paragraph that does not end a sentence and is followed by footnotes
  goes on in the next text paragraph after them; one that does not end a sentence and is
  followed directly by a paragraph opening in lower case goes on in it. A footnote cut the
  same way goes on in the last unmarked paragraph before the next page's footnotes (where
  the layout puts a footnote's remainder), provided that is not the first paragraph of that
  page's text.

Whether a paragraph is *substantive* — states a date, person, agreement, number, place or
event, and so must be covered — is a heuristic, documented here because the coverage report
rests on it:

- Its sentences are read one by one; bibliographic sentences do not count: those that refer
  to pages (``p. 12``, ``pp. 3-4``), volumes (``vol.``), an edition's place and year
  (``(Moscow, 1966)``), archive files (``FO 371``, ``Record Group``, ``File E/3/44``),
  ``Ibid.``, or that point elsewhere (``See ...``, ``..., see ...``).
- The notices of a digital archive (a URL, an e-mail address, the archive's name or its terms
  of use) state nothing about history.
- A heading or caption (at most twelve words and no sentence-final punctuation) counts only
  when it holds a number, such as the year of a photograph or painting.
- Any other sentence is substantive when it holds one of these signals: a digit (Latin or
  Bengali) or a number word, a month, a capitalized word that does not open the sentence (a
  name, in the Latin-script languages, English and Azerbaijani), or one of a short list of
  words naming battles, treaties, governments, armies, cities and titles in English,
  Azerbaijani and Bengali (Bengali has no capital letters, so its names are found this way).

The core stays pure: the caller passes the facts and the seed texts.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from studykit.core.facts import Fact

FOOTNOTE = re.compile(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+\s")
SUPERSCRIPTS = "¹²³⁴⁵⁶⁷⁸⁹⁰"
SENTENCE_END = ".?!।…:;"
CLOSERS = "\"'”’»)]*"
HEADING_WORDS = 12

# Sentences that only cite other works.
CITATION = re.compile(
    r"\bpp?\.\s*\[?[\dxivlc]"                      # p. 12, pp. 3-4, p. xii
    r"|\bvols?\.\s*[\dxivlcIVXLC]"                 # vol. 1, vol. IV
    r"|\(\s*[^()]*,\s*\[?1[6-9]\d\d\]?\s*\)"       # (Moscow, 1966), (Oxford, [1951])
    r"|\bIbid\b"
    r"|\bFO\s*\d"                                  # Foreign Office files
    r"|\bRecord Group\b"
    r"|\bFiles?\s+[A-Z]?\d+/"                      # File 512/58, Files E/3/44
    r"|^\W*(?:See|Cf)\b"
    r"|^\W*\*[^*]+\*,"                             # *Izvestiia*, 23 April 1919.
    r"|^\W*(?:[\w.'’-]+\s){0,4}[\w.'’-]+,\s*[*‘']"   # Kandemir, *Kemal*, 89.
    r"|,\s*see\b",
)
ARCHIVE_NOTICE = re.compile(
    r"https?://|www\.|\S+@\S+\.\w+|\bJSTOR\b|Terms & Conditions|All rights reserved", re.IGNORECASE,
)

DIGITS = re.compile(r"[0-9০-৯]")
MONTHS = re.compile(
    r"\b(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|yanvar|fevral|mart|aprel|may|iyun|iyul|avqust|sentyabr|oktyabr|noyabr|dekabr)"
    r"|জানুয়ারি|ফেব্রুয়ারি|মার্চ|এপ্রিল|জুন|জুলাই|আগস্ট|সেপ্টেম্বর|অক্টোবর|নভেম্বর|ডিসেম্বর",
    re.IGNORECASE,
)
NUMBER_WORDS = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|hundred|thousand|million"
    r"|dozen|scores|bir|iki|üç|dörd|beş|altı|yeddi|səkkiz|doqquz|on|iyirmi|otuz|yüz|min|milyon)\b"
    r"|হাজার|শত|দুই|তিন|চার|পাঁচ|ছয়|নয়জন|দশ",
    re.IGNORECASE,
)
# Words naming the kinds of thing a fact is about, for scripts without capitals above all.
KIND_WORDS = re.compile(
    r"\b(?:treaty|agreement|armistice|pact|alliance|congress|conference|battle|war|offensive|assault"
    r"|army|corps|division|government|council|committee|party|republic|city|town|village|province"
    r"|district|minister|commissar|general|colonel|pasha"
    r"|müqavilə|saziş|döyüş|müharibə|hücum|ordu|hökumət|şura|komitə|partiya|şəhər|kənd|nazir|general"
    r"|paşa)\w*"
    r"|চুক্তি|যুদ্ধ|আক্রমণ|সেনাবাহিনী|সৈন্য|বাহিনী|সরকার|শহর|স্টেশন|পাশা|জেনারেল|কমিসার|কমান্ডার"
    r"|কমিটি|কাউন্সিল|প্রজাতন্ত্র|সাম্রাজ্য|গণহত্যা|দখল|ফ্লোটিলা",
    re.IGNORECASE,
)
ABBREVIATIONS = {
    "p", "pp", "vol", "vols", "ed", "eds", "comp", "publ", "rev", "no", "nos", "dr", "st", "mt", "gen", "col",
    "mass", "apr", "sept", "oct", "nov", "dec", "jan", "feb", "aug", "s", "n", "cf", "ibid", "ca", "c", "g", "gg",
}
SENTENCE_BREAK = re.compile(r"(?<=[.?!।])[\"'”’)\]*¹²³⁴⁵⁶⁷⁸⁹⁰]*\s+")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a seed: where it stands (lines and character spans, more than one when
    a page break cut it) and what the heuristic makes of it."""

    seed: str
    number: int
    lines: tuple[int, ...]
    spans: tuple[tuple[int, int], ...]
    text: str
    kind: str  # "body", "footnote" or "heading"
    substantive: bool
    signals: tuple[str, ...]

    @property
    def first_line(self) -> int:
        return self.lines[0]

    def first_words(self, count: int = 8) -> str:
        words = self.text.split()
        return " ".join(words[:count]) + (" …" if len(words) > count else "")

    @property
    def length(self) -> int:
        return sum(end - start for start, end in self.spans)


@dataclass(frozen=True)
class ParagraphCoverage:
    paragraph: Paragraph
    fact_ids: tuple[str, ...]
    quoted_chars: int

    @property
    def cited(self) -> bool:
        return bool(self.fact_ids)

    @property
    def quoted_share(self) -> float:
        return self.quoted_chars / self.paragraph.length if self.paragraph.length else 0.0


@dataclass(frozen=True)
class Tally:
    """Counts for one seed or for all of them."""

    paragraphs: int
    cited: int
    substantive: int
    substantive_cited: int

    @staticmethod
    def of(rows: Iterable[ParagraphCoverage]) -> Tally:
        rows = list(rows)
        return Tally(
            paragraphs=len(rows), cited=sum(r.cited for r in rows),
            substantive=sum(r.paragraph.substantive for r in rows),
            substantive_cited=sum(r.cited and r.paragraph.substantive for r in rows),
        )

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.paragraphs + other.paragraphs, self.cited + other.cited,
            self.substantive + other.substantive, self.substantive_cited + other.substantive_cited,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "paragraphs": self.paragraphs, "cited": self.cited, "cited_percent": percent(self.cited, self.paragraphs),
            "substantive": self.substantive, "substantive_cited": self.substantive_cited,
            "substantive_cited_percent": percent(self.substantive_cited, self.substantive),
        }


@dataclass(frozen=True)
class SeedCoverage:
    seed: str
    rows: tuple[ParagraphCoverage, ...]

    @property
    def tally(self) -> Tally:
        return Tally.of(self.rows)

    @property
    def uncited(self) -> tuple[ParagraphCoverage, ...]:
        return tuple(r for r in self.rows if not r.cited)


def percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1) if whole else 100.0


# --- splitting ------------------------------------------------------------------------


@dataclass
class _Block:
    lines: list[int]
    spans: list[tuple[int, int]]
    texts: list[str]
    footnote: bool

    @property
    def text(self) -> str:
        return " ".join(self.texts)


def _lines(text: str) -> list[tuple[int, int, int]]:
    """(line number, start offset, end offset) of every line that holds more than white space."""
    out, offset = [], 0
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if stripped:
            start = offset + line.index(stripped[0])
            out.append((number, start, start + len(stripped)))
        offset += len(line) + 1
    return out


def _hard_wrapped(text: str, lines: Sequence[tuple[int, int, int]]) -> bool:
    """Short lines that run on without blank lines between them: paragraphs are blank-line blocks."""
    if len(lines) < 4:
        return False
    lengths = sorted(end - start for _, start, end in lines)
    adjacent = sum(1 for a, b in itertools.pairwise(lines) if b[0] == a[0] + 1)
    return lengths[len(lengths) // 2] < 100 and adjacent > len(lines) / 2


def _raw_blocks(text: str) -> list[_Block]:
    lines = _lines(text)
    blocks: list[_Block] = []
    if _hard_wrapped(text, lines):
        previous = -1
        for number, start, end in lines:
            if number == previous + 1 and blocks and not FOOTNOTE.match(text[start:end]):
                block = blocks[-1]
                block.lines.append(number)
                block.spans.append((start, end))
                block.texts.append(text[start:end])
            else:
                blocks.append(
                    _Block([number], [(start, end)], [text[start:end]], bool(FOOTNOTE.match(text[start:end]))),
                )
            previous = number
        return blocks
    return [
        _Block([number], [(start, end)], [text[start:end]], bool(FOOTNOTE.match(text[start:end])))
        for number, start, end in lines
    ]


def ends_sentence(text: str) -> bool:
    """Whether a paragraph ends a sentence (ignoring closing quotes, brackets and footnote marks)."""
    trimmed = text.rstrip().rstrip(SUPERSCRIPTS + CLOSERS + " ")
    return bool(trimmed) and trimmed[-1] in SENTENCE_END


def _merge_page_breaks(blocks: list[_Block]) -> list[_Block]:
    """Join the halves of paragraphs and footnotes that a page break cut (see the module docstring)."""
    count = len(blocks)
    tail_of: dict[int, int] = {}  # unmarked block index -> the footnote it continues
    for i, block in enumerate(blocks):
        if not block.footnote or ends_sentence(block.text) or (i + 1 < count and blocks[i + 1].footnote):
            continue
        between = []  # the unmarked blocks between this footnote and the next one
        for j in range(i + 1, count):
            if blocks[j].footnote:
                break
            between.append(j)
        if len(between) >= 2 and between[-1] + 1 < count:
            tail_of[between[-1]] = i
    is_note = [b.footnote or j in tail_of for j, b in enumerate(blocks)]
    continues = dict(tail_of)  # block index -> the block it continues
    claimed = set(tail_of)
    for i, block in enumerate(blocks):
        if is_note[i] or ends_sentence(block.text) or i + 1 >= count:
            continue
        if is_note[i + 1]:
            j = i + 1
            while j < count and is_note[j]:
                j += 1
            if j < count and j not in claimed:
                continues[j] = i
                claimed.add(j)
        else:
            first = blocks[i + 1].text.lstrip("\"'“‘(")
            if first[:1].islower():
                continues[i + 1] = i
                claimed.add(i + 1)
    merged: dict[int, _Block] = {}
    out: list[_Block] = []
    for i, block in enumerate(blocks):
        root = i
        while root in continues:
            root = continues[root]
        if root == i:
            merged[i] = _Block(list(block.lines), list(block.spans), list(block.texts), block.footnote)
            out.append(merged[i])
        else:
            target = merged[root]
            target.lines += block.lines
            target.spans += block.spans
            target.texts += block.texts
    return out


def split_paragraphs(seed: str, text: str) -> tuple[Paragraph, ...]:
    """The paragraphs of one seed document, in order, each classified (see the module docstring)."""
    out = []
    for number, block in enumerate(_merge_page_breaks(_raw_blocks(text)), start=1):
        joined = block.text
        kind = "footnote" if block.footnote else "heading" if _is_heading(joined) else "body"
        signals = substance(joined, heading=kind == "heading")
        out.append(Paragraph(
            seed=seed, number=number, lines=tuple(block.lines), spans=tuple(block.spans), text=joined,
            kind=kind, substantive=bool(signals), signals=signals,
        ))
    return tuple(out)


def _is_heading(text: str) -> bool:
    return len(text.split()) <= HEADING_WORDS and not ends_sentence(text)


# --- the heuristic ----------------------------------------------------------------------


def sentences(text: str) -> list[str]:
    """Sentences, not cut after initials ("G. K. Ordzhonikidze") or abbreviations ("pp. 3", "vol. 1")."""
    out: list[str] = []
    start = 0
    for match in SENTENCE_BREAK.finditer(text):
        before = text[start:match.start()].rstrip(CLOSERS + SUPERSCRIPTS)
        token = re.split(r"[\s(\[]", before)[-1].rstrip(".") if before else ""
        word = token.casefold()
        after = text[match.end():match.end() + 1]
        initial = len(token) <= 2 and token[:1].isupper()  # "G. K. Ordzhonikidze", "Iu. A. Bagirov"
        if len(word) <= 1 or initial or word in ABBREVIATIONS or (after and (after.islower() or after.isdigit())):
            continue
        out.append(text[start:match.end()].strip())
        start = match.end()
    rest = text[start:].strip()
    if rest:
        out.append(rest)
    return out


def is_citation(sentence: str) -> bool:
    """A sentence that only refers to other works (pages, volumes, editions, archive files, "See ...")."""
    return bool(CITATION.search(sentence))


def substance(text: str, *, heading: bool = False) -> tuple[str, ...]:
    """The signals that make a paragraph substantive; empty when it is not (module docstring)."""
    if ARCHIVE_NOTICE.search(text):
        return ()
    found: dict[str, None] = {}
    for sentence in sentences(FOOTNOTE.sub("", text)):
        if is_citation(sentence):
            continue
        if DIGITS.search(sentence):
            found["number"] = None
        if heading:
            continue
        if MONTHS.search(sentence):
            found["date"] = None
        if NUMBER_WORDS.search(sentence):
            found["number"] = None
        if _has_inner_capital(sentence):
            found["name"] = None
        if KIND_WORDS.search(sentence):
            found["kind-word"] = None
    return tuple(found)


def _has_inner_capital(sentence: str) -> bool:
    words = re.findall(r"[^\W\d_][\w'’-]*", sentence)
    return any(w[0].isupper() for w in words[1:])


# --- mapping quotes to paragraphs ------------------------------------------------------------


def quote_spans(fact: Fact, seed: str, text: str) -> list[tuple[int, int]]:
    """Every place in the seed where one of the fact's quotes stands (a short quote may stand twice)."""
    quotes = [s.quote for s in fact.sources if s.seed == seed]
    quotes += [r.quote for c in fact.conflicts for r in c.readings if r.seed == seed and r.quote]
    spans = []
    for quote in dict.fromkeys(quotes):
        start = text.find(quote)
        while start >= 0:
            spans.append((start, start + len(quote)))
            start = text.find(quote, start + 1)
    return spans


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _union_length(spans: Iterable[tuple[int, int]]) -> int:
    total, reach = 0, -1
    for start, end in sorted(spans):
        if end <= reach:
            continue
        total += end - max(start, reach)
        reach = end
    return total


def seed_coverage(seed: str, text: str, facts: Iterable[Fact]) -> SeedCoverage:
    paragraphs = split_paragraphs(seed, text)
    citing: dict[int, dict[str, None]] = {p.number: {} for p in paragraphs}
    quoted: dict[int, list[tuple[int, int]]] = {p.number: [] for p in paragraphs}
    for fact in facts:
        for quote in quote_spans(fact, seed, text):
            for paragraph in paragraphs:
                for span in paragraph.spans:
                    if _overlap(quote, span):
                        citing[paragraph.number][fact.id] = None
                        quoted[paragraph.number].append((max(quote[0], span[0]), min(quote[1], span[1])))
    rows = tuple(
        ParagraphCoverage(p, tuple(citing[p.number]), _union_length(quoted[p.number])) for p in paragraphs
    )
    return SeedCoverage(seed, rows)


def coverage(facts: Sequence[Fact], seeds: Mapping[str, str]) -> tuple[SeedCoverage, ...]:
    """Every seed's paragraphs with the facts that cite them, seeds in name order."""
    return tuple(seed_coverage(name, seeds[name], facts) for name in sorted(seeds))


def coverage_dict(report: Sequence[SeedCoverage], titles: Mapping[str, str] | None = None) -> dict[str, Any]:
    """The report as JSON-ready data: per seed every paragraph, the tallies and the uncited ones."""
    titles = titles or {}
    seeds = []
    total = Tally(0, 0, 0, 0)
    for seed in report:
        tally = seed.tally
        total = total + tally
        seeds.append({
            "seed": seed.seed,
            "title": titles.get(seed.seed, seed.seed),
            **tally.to_dict(),
            "paragraphs_detail": [
                {
                    "number": r.paragraph.number, "lines": list(r.paragraph.lines), "kind": r.paragraph.kind,
                    "substantive": r.paragraph.substantive, "signals": list(r.paragraph.signals),
                    "first_words": r.paragraph.first_words(), "quoted_percent": round(100 * r.quoted_share, 1),
                    "facts": list(r.fact_ids),
                }
                for r in seed.rows
            ],
            "uncited": [
                {"number": r.paragraph.number, "line": r.paragraph.first_line, "kind": r.paragraph.kind,
                 "substantive": r.paragraph.substantive, "first_words": r.paragraph.first_words()}
                for r in seed.uncited
            ],
        })
    return {"seeds": seeds, "total": total.to_dict()}
