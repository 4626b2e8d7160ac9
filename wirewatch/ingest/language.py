"""Language identification with py3langid: offline, deterministic and ~2 ms for 700 words."""

from __future__ import annotations

from functools import cache

MIN_LETTERS = 20
SAMPLE_CHARS = 2000


@cache
def _identifier():
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or None when it is too short or too unsure to tell."""
    sample = text[:SAMPLE_CHARS]
    letters = 0
    for ch in sample:
        letters += ch.isalpha()
        if letters >= MIN_LETTERS:
            break
    else:
        return None
    code, prob = _identifier().classify(sample)
    return code if prob >= 0.5 and len(code) == 2 else None
