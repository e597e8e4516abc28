"""Words of a question or a knowledge-base entry as the assistant compares them.

Per language: lower-case, drop a few function words, read synonyms, stem each word with the
Snowball stemmer (https://snowballstem.org/, the `snowballstemmer` package), fold å/ä/ö/ø/æ so
that a question typed without them still matches, and split compounds
(maksusuunnitelma, betalingsutsettelse) against the knowledge base's own vocabulary. A word
the vocabulary does not know but is one typing slip away from a word it does know counts as
that word.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer

SNOWBALL = {"en": "english", "fi": "finnish", "sv": "swedish", "nb": "norwegian"}
FOLD = str.maketrans({"ä": "a", "å": "a", "ö": "o", "ø": "o", "æ": "ae", "é": "e", "ü": "u"})
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# The shortest part of a compound, and the shortest word worth splitting.
PART, COMPOUND = 3, 7
# A stem shorter than this is matched by synonyms only as the word is written.
SHORT_STEM = 4
# Swedish and Norwegian join compounds with an -s- (betalning|s|plan).
LINKS = {"sv": ("s",), "nb": ("s", "e")}


def _words(text: str) -> frozenset[str]:
    """The words as written and without å/ä/ö (as some type them)."""
    return frozenset(text.split()) | frozenset(text.translate(FOLD).split())


# Function words: grammar, not knowledge (synonyms with no meaning add to these per language).
STOP_WORDS = {
    "en": _words(
        "a an the i im my me is are am do does did to of on in for and or it its this that "
        "what how can could with be have has will would you your we our there these at by "
        "so just now"
    ),
    "fi": _words(
        "ja on ei en se ne minä mä minun mun olen oli että kun jos mitä mikä miten voinko "
        "voiko onko tämä tämän tätä tuo nyt jo vaan"
    ),
    "sv": _words(
        "och i att det som en ett är jag min mitt mina på för med av till har kan vad hur "
        "den de du om ska vi nu ju få"
    ),
    "nb": _words(
        "og i at det som en et er jeg min mitt mine mi på for med av til har kan hva hvordan "
        "den de du om skal vi nå innen få"
    ),
}


def fold(text: str) -> str:
    return text.translate(FOLD)


def words(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFKC", text).lower())


@lru_cache(maxsize=4)
def _stemmer(language: str):
    return snowballstemmer.stemmer(SNOWBALL.get(language, "english"))


@lru_cache(maxsize=50_000)
def stem(word: str, language: str) -> str:
    return fold(_stemmer(language).stemWord(word))


def one_slip_apart(a: str, b: str) -> bool:
    """True if one letter added, dropped, changed or two swapped turns `a` into `b`."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) > len(b):
        a, b = b, a
    for i, (x, y) in enumerate(zip(a, b, strict=False)):
        if x != y:
            if len(a) == len(b):
                return a[i + 1 :] == b[i + 1 :] or (
                    a[i + 1 : i + 2] == y and b[i + 1 : i + 2] == x and a[i + 2 :] == b[i + 2 :]
                )
            return a[i:] == b[i + 1 :]
    return True


@dataclass
class Vocabulary:
    """What the knowledge base of one language says, for reading questions against it."""

    language: str
    surface: set[str] = field(default_factory=set)  # folded whole words
    stems: set[str] = field(default_factory=set)
    synonyms: dict[tuple[str, ...], list[str]] = field(default_factory=dict)

    def knows(self, word: str) -> bool:
        return word in self.surface or stem(word, self.language) in self.stems

    def recognises(self, word: str) -> bool:
        """Whether a question's word means something here (a synonym's word counts)."""
        word_stem = stem(word, self.language)
        return (
            self.knows(fold(word))
            or self.mend(word_stem) in self.stems
            or (synonym_token(word, self.language),) in self.synonyms
            or bool(self.split(fold(word)))
        )

    def split(self, word: str) -> list[str]:
        """The parts of a compound the vocabulary knows (longest first part), or []."""
        if len(word) < COMPOUND:
            return []
        for cut in range(len(word) - PART, PART - 1, -1):
            head, tail = word[:cut], word[cut:]
            if not self.knows(head):
                continue
            for link in ("", *LINKS.get(self.language, ())):
                if link and not tail.startswith(link):
                    continue
                rest = tail[len(link) :]
                if len(rest) >= PART and self.knows(rest):
                    return [head, rest]
                deeper = self.split(rest)
                if deeper:
                    return [head, *deeper]
        return []

    def mend(self, word_stem: str) -> str:
        """A stem the vocabulary does not know, mended to a known one a typing slip away."""
        if word_stem in self.stems or len(word_stem) < 6:
            return word_stem
        for known in sorted(self.stems):  # sorted: the same mend every time
            if known[0] == word_stem[0] and one_slip_apart(word_stem, known):
                return known
        return word_stem


def synonym_token(word: str, language: str) -> str:
    """A word as synonyms match it: by its stem, unless the stem is so short that unrelated
    words share it (Swedish "senare" and "senast" are both "sen"); then as written."""
    word_stem = stem(word, language)
    return word_stem if len(word_stem) >= SHORT_STEM else "=" + fold(word)


def synonym_key(word: str, language: str) -> tuple[str, ...]:
    return tuple(synonym_token(w, language) for w in words(word))


def _read(text: str, language: str, vocabulary: Vocabulary) -> list[str]:
    """A question's stems with each synonym's meaning added (an empty meaning drops the word);
    synonyms match on the stems of every word, function words included ("ikke min")."""
    stop = STOP_WORDS.get(language, frozenset())
    tokens = words(text)
    stems = [stem(w, language) for w in tokens]
    keys = [synonym_token(w, language) for w in tokens]
    longest = max((len(k) for k in vocabulary.synonyms), default=0)
    found, i = [], 0
    while i < len(tokens):
        for size in range(min(longest, len(tokens) - i), 0, -1):
            meaning = vocabulary.synonyms.get(tuple(keys[i : i + size]))
            if meaning is not None:
                pairs = zip(tokens[i : i + size], stems[i : i + size], strict=True)
                kept = [s for w, s in pairs if w not in stop]
                found += [*kept, *meaning] if meaning else []
                i += size
                break
        else:
            if tokens[i] not in stop and len(tokens[i]) > 1:
                found.append(vocabulary.mend(stems[i]))
            i += 1
    return found


def terms(text: str, language: str, vocabulary: Vocabulary | None = None) -> list[str]:
    """The terms matched: stems, and with a vocabulary also compounds' parts (a question's
    typing slips mended and its synonyms read)."""
    stop = STOP_WORDS.get(language, frozenset())
    content = [w for w in words(text) if w not in stop and len(w) > 1]
    found = [stem(w, language) for w in content]
    if vocabulary is None:
        return found
    for word in content:
        found += [stem(part, language) for part in vocabulary.split(fold(word))]
    return found


def question_terms(text: str, language: str, vocabulary: Vocabulary) -> list[str]:
    """A question's terms: as `terms`, after mending typing slips and reading synonyms."""
    stop = STOP_WORDS.get(language, frozenset())
    found = _read(text, language, vocabulary)
    for word in words(text):
        if word not in stop:
            found += [stem(part, language) for part in vocabulary.split(fold(word))]
    return found
