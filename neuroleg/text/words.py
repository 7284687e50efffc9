"""Word rules shared by every layer: what a word is, and how a user's everyday words meet the knowledge base's
terms ('tingly feet' meets 'Tingling').

A light suffix-stripping stemmer plus a prefix rule, rather than a full Porter
stemmer: the terms are few and short, and 'tingly' and 'tingling' (which Porter
keeps apart as 'tingli' and 'tingl') must meet.
"""

from __future__ import annotations

import re
from functools import lru_cache

TOKEN = re.compile(r"[^\W_]+")  # letters and digits: the token characters of FTS5's unicode61 tokenizer
_LETTERS = re.compile(r"[^\W\d_]+")  # letters only: a word of prose
_SUFFIXES = ("ingly", "ities", "ness", "ment", "ings", "ing", "ity", "ive", "ful", "ies", "ly", "ed", "es", "s", "y")
# words that carry no meaning of their own in a symptom or a risk factor
_STOP = (
    "a an and or the of in on at to for with by my me i is am are be been have has had it its this that when as "
    "can cannot t s don not no do does get gets feel feels feeling really very so"
)
STOPWORDS = frozenset(_STOP.split())
# words every cause here shares: they say nothing about which cause a text is about
_GENERAL = (
    "neuropathy neuropathic pain painful leg legs foot feet nerve nerves damage damaged cause causes risk chance "
    "develop developing condition people person body also more much even such can may might "
    # and the small words plain sentences are made of: shared by any two texts, telling none apart
    "these those they them their too up out if all some sometimes time times over from into than then which who "
    "one other others itself enough"
)
GENERAL = frozenset(_GENERAL.split())
MIN_PREFIX = 4  # a stem this long may stand for the longer stems it begins


def words(text: str) -> list[str]:
    """The meaningful words of `text`, case-folded, in order."""
    return [w for w in TOKEN.findall(text.casefold()) if w not in STOPWORDS]


@lru_cache(maxsize=4096)  # texts repeat their words: a big knowledge base stems the same few thousand
def stem(word: str) -> str:
    """`word` without its common English endings (at most two, keeping three letters)."""
    for _ in range(2):
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 3:
                word = word[: -len(suffix)]
                break
        else:
            break
    return word


@lru_cache(maxsize=1024)
def stems(text: str) -> tuple[str, ...]:
    """The stems of the meaningful words of `text`."""
    return tuple(stem(w) for w in words(text))


def telling_stems(text: str) -> tuple[str, ...]:
    """The stems of `text` that could tell one cause from another: those of its general words left out."""
    return tuple(s for s in stems(text) if s not in _GENERAL_STEMS)


def letter_words(text: str, min_length: int) -> list[str]:
    """The words of `text` made of letters only, at least `min_length` long (for vocabularies and names)."""
    return [w for w in _LETTERS.findall(text) if len(w) >= min_length]


def stems_meet(a: str, b: str) -> bool:
    """Two stems name the same thing: equal, or the shorter (at least four letters) begins the longer."""
    if a == b:
        return True
    short, long = (a, b) if len(a) < len(b) else (b, a)
    return len(short) >= MIN_PREFIX and long.startswith(short)


_GENERAL_STEMS = frozenset(stem(w) for w in GENERAL)
