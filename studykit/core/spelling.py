"""How two spellings of a name are compared: folded letters, and the sound of a transliteration.

Two levels, kept apart on purpose:

- `fold`/`folds` read case, punctuation, diacritics, a leading article and the Turkish and
  Azerbaijani letters (ş, ı, ə, ğ, ç, ö, ü) away: "Paşa", "Pasha" and "Pascha" fold alike.
  The generators compare names and options by these keys, so they never change meaning.
- `sound_keys` go further, for judging a typed answer: the spellings that transliteration
  from Russian, Turkish, Azerbaijani, Armenian or German gives one name ("Shaumian",
  "Shahumyan" and "Şaumyan"; "Enver" and "Enwer"; "Bakı" and "Baku"; "Kâzım" and "Kazim";
  "Djemal" and "Cemal"; "Karabagh", "Karabakh" and "Qarabağ") share a key, by general rules
  of those scripts rather than by a list of names:
  * sibilants and affricates: sh/ş/š/sch → s; ch/ç/č/tsch/tch → c; dj/dzh/zh/c (Turkish
    c is English j) → c, as voiced and voiceless are often written alike; ts/tz → c; j is
    read both as English j (c) and as German and Slavic j (i: Schaumjan, Georgij);
  * velars: k, g, q, x, kh, gh, ğ are one sound class (Qarabağ/Karabakh/Karabagh);
  * h between vowels or after a final vowel is dropped (Shahumyan/Shaumian, Rasulzadeh);
    w is v; y is i; ou is u;
  * Russian soft vowels after a consonant (я ю е ё written ya/ia, yu/iu, ...) lose their i;
  * a doubled letter inside a word is one (Talaat/Talat), as are a final ii and ff
    (Georgii, Bicherakhoff); a final d, b, v or z is t, p, f, s (Mehmed/Mehmet);
  * ə reads as e or a, and ı as i or u, each independently (Rəsulzadə/Resulzade, Bakı/Baku).

Keys this loose make different names collide now and then; the answer checker never
accepts an answer whose key is also another known name's (`core.answers`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import product

# --- folding (the generators' keys; unchanged in meaning) ---------------------------

# Letters that Unicode does not decompose into a base letter and a mark.
_LETTERS = str.maketrans({
    "ı": "i", "İ": "i", "ş": "s", "Ş": "s", "ç": "c", "Ç": "c", "ğ": "g", "Ğ": "g",
    "ö": "o", "Ö": "o", "ü": "u", "Ü": "u", "ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l",
    "đ": "d", "æ": "ae", "œ": "oe", "’": "'", "ʼ": "'", "ʻ": "'",
})
# Transliterations of the same sound, folded after the letters above (on lower case), so
# that the plain letter typed on any keyboard also matches: Pascha/Pasha/Paşa/Pasa -> pasa,
# Tschitscherin/Chicherin -> cicerin, Djemal -> jemal, Agha/Ağa -> aga, Shikhli/Şıxlı -> sixli.
_DIGRAPHS = (
    ("tsch", "c"), ("sch", "s"), ("sh", "s"), ("ch", "c"), ("dzh", "j"), ("dj", "j"), ("gh", "g"), ("kh", "x"),
)
ARTICLES = ("the ", "a ", "an ")
_NOT_WORD = re.compile(r"[\W_]+")


def letters(text: str) -> str:
    """Lower case without diacritics, the Turkish letters read as plain ones (ə kept)."""
    if text.isascii():
        return text.casefold()
    text = unicodedata.normalize("NFC", text).translate(_LETTERS)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


def _words(text: str) -> str:
    """Lower-case words without punctuation or a leading article."""
    out = " ".join(_NOT_WORD.sub(" ", text).split())
    for article in ARTICLES:
        if out.startswith(article):
            out = out[len(article):]
            break
    for old, new in _DIGRAPHS:
        out = out.replace(old, new)
    return out


def fold(text: str) -> str:
    """The form two spellings of the same name share: "Paşa" and "Pascha" fold to "pasa".

    Azerbaijani ə reads as e here; `folds` also gives the reading with a.
    """
    return _words(letters(text)).replace("ə", "e")


def plain(text: str) -> str:
    """Case, punctuation and a leading article ignored, but letters kept as written."""
    out = " ".join("".join(c if c.isalnum() else " " for c in text.casefold()).split())
    for article in ARTICLES:
        if out.startswith(article):
            return out[len(article):]
    return out


@lru_cache(maxsize=1 << 20)
def folds(text: str) -> frozenset[str]:
    """Every folded reading of the text, without spaces (ə read as e and as a)."""
    words = _words(letters(text))
    if "ə" not in words:
        return frozenset({words.replace(" ", "")})
    return frozenset({words.replace("ə", "e").replace(" ", ""), words.replace("ə", "a").replace(" ", "")})


def same_text(a: str, b: str) -> bool:
    return not folds(a).isdisjoint(folds(b))


# --- sound keys (judging typed answers) ---------------------------------------------

def split_words(text: str) -> list[str]:
    """The words of a text: runs of letters, digits and their combining marks (a Bengali
    vowel sign belongs to its word), everything else a separator."""
    out: list[str] = []
    word: list[str] = []
    for c in text:
        if c.isalnum() or (word and unicodedata.category(c).startswith("M")):
            word.append(c)
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return out


# ə, ı and j are each read two ways: ə as e or a, ı as i or u, and j as English j (with c:
# Turkish c, Jemal/Cemal) or as German and Slavic j (i: Schaumjan/Shaumian, Georgij/Georgii).
_SCHWA, _BACK_I, _J = "\x01", "\x02", "\x03"
_TWO_WAYS = {_SCHWA: ("e", "a"), _BACK_I: ("i", "u"), _J: ("c", "i")}
_SOUND_LETTERS = str.maketrans({
    "ə": _SCHWA, "Ə": _SCHWA, "ı": _BACK_I, "İ": "i", "ß": "ss", "ø": "o", "Ø": "o", "ł": "l", "Ł": "l",
    "đ": "d", "æ": "ae", "œ": "oe", "č": "ch", "Č": "ch", "š": "sh", "Š": "sh", "ž": "zh", "Ž": "zh",
})
_APOSTROPHES = re.compile(r"['’ʼʻ`´]")


def _rules(*pairs: tuple[str, str]) -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(pattern), replacement) for pattern, replacement in pairs)


# In order: each rule rewrites what the ones before it left (sch before ch, ch before h).
# First the letter groups that hold a j or an h, then (on each reading) the single letters.
_GROUPS = _rules(
    (r"tsch|dsch", "c"), (r"sch|sh", "s"), (r"tch|dzh|dj|zh|ch", "c"), (r"kh|gh", "k"), (r"ph", "f"), (r"j", _J),
)
_LETTER_RULES = _rules(
    (r"ck|x|q|g", "k"),
    (r"ts|tz", "c"),
    (r"w", "v"),
    (r"y", "i"),
    (r"ou", "u"),
    (r"(?<=[aeiou])h(?=[aeiou]|$)", ""),
    (r"^i(?=[aeou])|(?<=[^aeiou])i(?=[aeou])", ""),
    (r"(.)\1+(?=.)", r"\1"),  # inside a word: a doubled last letter is a typo ("Bakuu")...
    (r"(i|f)\1$", r"\1"),  # ... but Georgii and Bicherakhoff are spellings
    (r"d$", "t"), (r"b$", "p"), (r"v$", "f"), (r"z$", "s"),
)
MAX_READINGS = 16


@lru_cache(maxsize=1 << 16)
def sound_words(text: str) -> tuple[frozenset[str], ...]:
    """The sound key of each word of the text (hyphens and punctuation split words), each
    word with all its readings of ə, ı and j: "Bakı" -> ({"baki", "baku"},)."""
    text = _APOSTROPHES.sub("", unicodedata.normalize("NFC", text))
    out = []
    for word in split_words(text):
        word = unicodedata.normalize("NFKD", word.translate(_SOUND_LETTERS))
        word = "".join(c for c in word if not unicodedata.combining(c)).casefold()
        for pattern, replacement in _GROUPS:
            word = pattern.sub(replacement, word)
        out.append(frozenset(_letter_rules(reading) for reading in _readings(word)))
    return tuple(out)


def _letter_rules(word: str) -> str:
    for pattern, replacement in _LETTER_RULES:
        word = pattern.sub(replacement, word)
    return word


def _readings(word: str) -> list[str]:
    slots = [i for i, c in enumerate(word) if c in _TWO_WAYS]
    if not slots:
        return [word]
    if 2 ** len(slots) > MAX_READINGS:  # a long Azerbaijani word: every such letter read alike
        return ["".join(_TWO_WAYS[c][pick] if c in _TWO_WAYS else c for c in word) for pick in (0, 1)]
    out = []
    for picked in product(*(_TWO_WAYS[word[i]] for i in slots)):
        chars = list(word)
        for i, c in zip(slots, picked):
            chars[i] = c
        out.append("".join(chars))
    return out


def sound_keys(text: str) -> frozenset[str]:
    """Every reading of the whole text's sound key, words run together and a leading
    article left out: "the Treaty of Brest-Litovsk" and "Brest Litovsk treaty" differ, but
    "Shahumyan" and "Şaumyan" share "sauman"."""
    words = list(sound_words(text))
    if words and len(words) > 1 and words[0] <= {"te", "a", "an"}:
        words = words[1:]
    return join_readings(words)


def join_readings(words: list[frozenset[str]] | tuple[frozenset[str], ...]) -> frozenset[str]:
    """The readings of words run together (capped, as for one word)."""
    out = {""}
    for readings in words:
        out = {a + b for a in out for b in readings}
        if len(out) > MAX_READINGS:
            out = set(sorted(out)[:MAX_READINGS])
    return frozenset(out)


# --- edits --------------------------------------------------------------------------

def one_edit(a: str, b: str) -> str:
    """Describe the one edit (Damerau–Levenshtein distance exactly 1) that turns b into a, or ""."""
    if a == b or abs(len(a) - len(b)) > 1:
        return ""
    if len(a) == len(b):
        diffs = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        if len(diffs) == 1:
            i = diffs[0]
            return f"“{a[i]}” for “{b[i]}”"
        if len(diffs) == 2 and diffs[1] == diffs[0] + 1 and a[diffs[0]] == b[diffs[1]] and a[diffs[1]] == b[diffs[0]]:
            i = diffs[0]
            return f"“{b[i:i + 2]}” swapped"
        return ""
    longer, shorter = (a, b) if len(a) > len(b) else (b, a)
    for i in range(len(shorter) + 1):
        if longer[:i] + longer[i + 1:] == shorter:
            letter = longer[i]
            return f"an extra “{letter}”" if longer is a else f"a missing “{letter}”"
    return ""


def within_one_edit(a: frozenset[str], b: frozenset[str]) -> bool:
    """Whether some reading of one is the same as, or one edit from, some reading of the other."""
    return any(x == y or one_edit(x, y) for x in a for y in b)
