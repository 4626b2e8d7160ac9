"""extract_quotes on short texts written for the tests, one pattern per test, with the real model."""

from __future__ import annotations

import pytest

from wirewatch.extract.quote_marks import find_marked
from wirewatch.extract.quotes import extract_quotes, reporting_verbs
from wirewatch.records import Mention, make_id


@pytest.fixture
def quotes(nlp, make_article):
    def run(text: str, mentions=()):
        article = make_article(text)
        return extract_quotes(nlp(text), article, mentions)

    return run


def only(found, fragment):
    hits = [q for q in found if fragment in q.text]
    assert len(hits) == 1, [q.text for q in found]
    return hits[0]


def test_inverted_attribution_after_the_quote(quotes):
    q = only(quotes('"The pass is blocked by snow," said Captain Ilya Morozov, the border commander.'), "pass")
    assert q.direct and q.text == '"The pass is blocked by snow,"'
    assert q.speaker_text == "Captain Ilya Morozov, the border commander" and q.cue == "said"


def test_attribution_before_the_quote_with_colon(quotes):
    q = only(quotes("The mayor, Ines Duarte, told the council: \u201cThe pumps will run all night.\u201d"), "pumps")
    assert q.speaker_text == "The mayor, Ines Duarte" and q.cue == "told"


def test_speaker_from_the_sentence_before(quotes):
    q = only(quotes('Pavel Orlov spoke to the Courier by phone. "The talks are over."'), "talks")
    assert q.speaker_text == "Pavel Orlov"


def test_second_quote_continues_the_first_speaker(quotes):
    found = quotes('"The mill closed in May," Rosa Lind said. "Nobody has been paid since."')
    assert [q.speaker_text for q in found] == ["Rosa Lind", "Rosa Lind"]


def test_dash_attribution(quotes):
    q = only(quotes('"The wells are dry" - Hamid Zaki, a hydrologist, told the Observer.'), "wells")
    assert q.speaker_text.startswith("Hamid Zaki") and q.cue == "told"


def test_organisation_speaker(quotes):
    q = only(quotes("\u201cWe reject the ultimatum,\u201d the Serbian Foreign Ministry wrote."), "ultimatum")
    assert q.speaker_text == "the Serbian Foreign Ministry"


def test_paragraph_opening_with_a_quote_continues_the_speaker(quotes):
    text = '"Turnout was high," said Olga Brandt, who chairs the commission.\n\n"Counting starts at eight."'
    found = quotes(text)
    assert [q.speaker_text for q in found] == ["Olga Brandt", "Olga Brandt"]


def test_unbalanced_quote_across_paragraphs_does_not_crash(quotes):
    text = 'Ruth Kamau said: "The first convoy left at dawn.\n\n"The second one never arrived," she added.\n\n"Stray mark'
    found = quotes(text)
    assert found[0].text == '"The first convoy left at dawn.' and found[0].speaker_text == "Ruth Kamau"
    assert only(found, "second").speaker_text == "Ruth Kamau"


def test_partial_quote_goes_to_the_subject_of_the_verb(quotes):
    q = only(quotes('The admiral vowed a "swift response" to the attack.'), "swift")
    assert q.direct and q.text == '"swift response"' and q.speaker_text == "The admiral"


def test_relative_pronoun_speaker_is_its_noun(quotes):
    q = only(quotes('Minister Maria Sousa, who promised "no more delays", left Kabul.'), "delays")
    assert q.speaker_text == "Minister Maria Sousa"


def test_indirect_speech_with_that(quotes):
    q = only(quotes("The embassy stressed that the consulate would stay open."), "consulate")
    assert not q.direct and q.text == "that the consulate would stay open"
    assert q.speaker_text == "The embassy" and q.cue == "stressed"


def test_indirect_speech_without_that(quotes):
    q = only(quotes("Health officials said the outbreak is under control."), "outbreak")
    assert not q.direct and q.text == "the outbreak is under control" and q.speaker_text == "Health officials"


def test_according_to(quotes):
    q = only(quotes("According to the port authority, two tankers ran aground overnight."), "tankers")
    assert q.speaker_text == "the port authority" and q.cue == "according to" and not q.direct


def test_interjected_attribution(quotes):
    found = quotes("The strike, union officials said, would last a week.")
    assert {q.text for q in found} == {"The strike", "would last a week"}
    assert {q.speaker_text for q in found} == {"union officials"}


def test_pronoun_speaker_resolves_to_the_last_person(quotes):
    text = 'Judge Anton Weiss adjourned the hearing. "The evidence is incomplete," he said.'
    q = only(quotes(text), "evidence")
    assert q.speaker_text == "Judge Anton Weiss"
    assert text[q.speaker_start : q.speaker_end] == q.speaker_text


def test_pronoun_kept_when_asked(nlp, make_article):
    text = 'Judge Anton Weiss adjourned the hearing. "The evidence is incomplete," he said.'
    (q,) = extract_quotes(nlp(text), make_article(text), resolve_pronouns=False)
    assert q.speaker_text == "he"


def test_pull_quote_takes_the_speaker_of_the_same_words(quotes):
    text = ('"Nobody will rebuild this town"\n\nThe flood hit on Sunday.\n\n'
            '"I fear nobody will rebuild this town," said Mira Holm, a shopkeeper.')
    assert only(quotes(text), "Nobody will").speaker_text == "Mira Holm, a shopkeeper"


def test_unattributed_pull_quote_has_no_speaker(quotes):
    q = only(quotes('"The silence after the sirens is the worst part"\n\nThe city was quiet on Monday.'), "silence")
    assert q.speaker_text is None and q.cue is None


def test_scare_quotes_without_attribution_are_dropped(quotes):
    assert quotes('The so-called "peace dividend" never arrived.') == []


def test_speaker_actor_id_from_overlapping_or_surname_mention(quotes, make_article):
    text = 'Lena Park chairs the panel. "We will publish in June," Park said.'
    mention = Mention(article_id=make_article(text).id, start=0, end=9, text="Lena Park", label="PERSON",
                      kind="person", actor_id="actor-1")
    q = only(quotes(text, [mention]), "publish")
    assert q.speaker_actor_id == "actor-1"
    assert only(quotes(text), "publish").speaker_actor_id is None


def test_speaker_is_the_person_a_title_and_demonym_precede(nlp, make_article):
    """"Kenyan President William Ruto" is Ruto, not Kenya, although "Kenyan" comes first."""
    from wirewatch.extract.actors import extract_actors

    text = "\u201cWe will defend our borders,\u201d Kenyan President William Ruto told parliament in Nairobi."
    article = make_article(text)
    doc = nlp(text)
    mentions, actors = extract_actors(doc, article)
    q = only(extract_quotes(doc, article, mentions), "borders")
    assert {a.id: a.name for a in actors}[q.speaker_actor_id] == "William Ruto"


def test_speaker_in_apposition_to_a_title_noun(nlp, make_article):
    from wirewatch.extract.actors import extract_actors

    text = "\u201cWe are ready,\u201d said the head of the Russian delegation, Igor Ivanov."
    article = make_article(text)
    doc = nlp(text)
    mentions, actors = extract_actors(doc, article)
    q = only(extract_quotes(doc, article, mentions), "ready")
    assert {a.id: a.name for a in actors}[q.speaker_actor_id] == "Igor Ivanov"


def test_quote_id_is_deterministic(quotes, make_article):
    text = '"Rain is coming," the forecaster said.'
    q = only(quotes(text), "Rain")
    assert q.id == make_id("quote", make_article(text).id, q.start, q.end)
    assert q.text == text[q.start : q.end]


def test_apostrophes_are_not_quote_marks():
    text = "The mayor's office didn't say 'never' about the town's plan."
    assert [text[m.start : m.end] for m in find_marked(text)] == ["'never'"]


def test_reporting_verbs_come_from_the_data_file():
    verbs = reporting_verbs()
    assert {"say", "tell", "warn", "insist"} <= verbs and "#" not in "".join(verbs)


# --- issue 15: indirect and mixed attributions, cues, kinds, speakers (sentences written for the tests) ---


def test_said_that_keeps_the_complementiser_and_records_cue_and_kind(quotes):
    q = only(quotes("The governor said that the bridge would reopen in May."), "bridge")
    assert q.text == "that the bridge would reopen in May" and q.kind == "indirect" and not q.direct
    assert q.speaker_text == "The governor" and q.cue == "said"


@pytest.mark.parametrize("verb", ["warned", "argued", "insisted", "claimed", "denied"])
def test_verbs_of_saying_with_that(quotes, verb):
    q = only(quotes(f"The harbour master {verb} that the ferry had left on time."), "ferry")
    assert q.text == "that the ferry had left on time" and q.speaker_text == "The harbour master"
    assert q.cue == verb and q.kind == "indirect"


def test_speaker_with_a_relative_clause_before_the_verb(quotes):
    q = only(quotes("Lena Moss, who runs the shelter in Tulsa, said the beds were full by noon."), "beds")
    assert q.speaker_text == "Lena Moss" and q.text == "the beds were full by noon"


def test_according_to_after_the_content(quotes):
    q = only(quotes("The dam will be finished by 2027, according to the energy ministry."), "dam")
    assert q.text == "The dam will be finished by 2027" and q.speaker_text == "the energy ministry"
    assert q.cue == "according to"


def test_spokesman_told_reporters(quotes):
    q = only(quotes("The senator's spokesman told reporters the vote would be delayed."), "vote")
    assert q.text == "the vote would be delayed" and q.speaker_text == "The senator's spokesman"


@pytest.mark.parametrize("noun", ["statement", "claim", "assertion"])
def test_noun_cue_with_a_that_clause(quotes, noun):
    q = only(quotes(f"The ministry's {noun} that the border was calm drew scorn from farmers."), "border")
    assert q.text == "that the border was calm" and q.cue == noun and q.kind == "indirect"
    assert q.speaker_text == "The ministry"


def test_noun_cue_whose_speaker_is_the_subject_of_the_verb(quotes):
    q = only(quotes("The railway union issued a warning that trains would stop on Friday."), "trains")
    assert q.text == "that trains would stop on Friday" and q.speaker_text == "The railway union"


def test_relative_clause_after_a_noun_is_not_a_noun_cue(quotes):
    assert quotes("The statement that the ministry published on Monday was short.") == []


def test_partial_quote_inside_indirect_speech_is_one_partial_quote(quotes):
    found = quotes('Mayor Ana Kovac said that the plan was "dead on arrival" in the council.')
    assert len(found) == 1, [q.text for q in found]
    q = found[0]
    assert q.text == 'that the plan was "dead on arrival" in the council' and q.kind == "partial"
    assert q.speaker_text == "Mayor Ana Kovac"


def test_direct_quote_kind(quotes):
    q = only(quotes('"The pass is closed," said Captain Ilya Morozov.'), "pass")
    assert q.kind == "direct" and q.direct


def test_object_of_a_verb_of_criticism_is_the_content(quotes):
    q = only(quotes("Last week the mayor criticized the council for delaying the budget."), "council")
    assert q.text == "the council for delaying the budget" and q.speaker_text == "the mayor"
    assert q.cue == "criticized"


def test_call_for(quotes):
    q = only(quotes("The teachers' union called for a general strike in March."), "strike")
    assert q.text.startswith("a general strike") and q.speaker_text == "The teachers' union"


def test_verb_with_an_infinitive(quotes):
    q = only(quotes("The president vowed to rebuild every school in the valley."), "rebuild")
    assert q.text == "to rebuild every school in the valley" and q.speaker_text == "The president"


def test_poll_shows(quotes):
    q = only(quotes("A new survey shows that most farmers oppose the tariff."), "farmers")
    assert q.text == "that most farmers oppose the tariff" and q.speaker_text == "A new survey"


def test_show_without_an_evidence_subject_is_not_a_cue(quotes):
    assert quotes("The children showed the visitors their garden behind the school.") == []


def test_trailing_relative_clause_is_not_content(quotes):
    q = only(quotes("The coach said the team would travel to Lyon, where it lost twice last year."), "team")
    assert q.text == "the team would travel to Lyon"


def test_content_over_two_sentences_after_a_colon(quotes):
    found = quotes("The report was blunt: the levees failed. Nobody had checked them for years.")
    assert all("Nobody" not in q.text or q.cue for q in found)


# --- nothing without a cue (patterns seen on the sample articles, in sentences written here) ---


def test_passive_narration_before_a_relative_cue_is_not_speech(quotes):
    text = ('That rumour was dispelled first by the mayor and then by police chief Omar Said, '
            'who promised a "calm handover" over the next days.')
    found = quotes(text)
    assert not [q for q in found if "rumour" in q.text], [q.text for q in found]
    assert not [q for q in found if q.text.startswith('calm handover"')]


def test_opening_adverbial_before_a_statement_is_not_speech(quotes):
    text = ('The ambassador ignored the remarks. On the contrary, the foreign ministry issued a statement '
            'thanking Paris for "its patience in the talks."')
    found = quotes(text)
    assert not [q for q in found if "contrary" in q.text], [q.text for q in found]


def test_participle_after_a_verb_of_speaking_is_not_speech(quotes):
    text = "The minister spoke about the floods on Monday, mentioning not the river but the broken dam upstream."
    assert [q.text for q in quotes(text)] == []  # what someone talked about is not what they said


def test_no_quote_starts_inside_quotation_marks_and_ends_outside(quotes):
    text = 'The general, who promised an "orderly exit" over the coming weeks, left for Rome.'
    for q in quotes(text):
        inside = q.text.count('"') % 2
        assert not inside, q.text


# --- speakers ---


def test_definite_description_speaker_resolves_to_the_named_actor(quotes):
    text = "Defence Minister Ana Ruiz visited the base on Monday. The minister said the troops would stay."
    q = only(quotes(text), "troops")
    assert q.speaker_text == "Defence Minister Ana Ruiz"


def test_unresolved_description_stays_as_text(quotes):
    q = only(quotes("The minister said the troops would stay."), "troops")
    assert q.speaker_text == "The minister" and q.speaker_actor_id is None


def test_quote_kind_and_cue_are_stored(nlp, make_article, tmp_path):
    from wirewatch.records import Extraction
    from wirewatch.store import Store

    text = 'Mayor Ana Kovac said that the plan was "dead on arrival" in the council.'
    article = make_article(text)
    found = extract_quotes(nlp(text), article)
    with Store(str(tmp_path / "store.db")) as store:
        store.add_articles([article])
        store.save_extractions([Extraction(article, quotes=found)])
        rows = list(store.rows("quotes"))
    assert [(r["kind"], r["cue"], r["direct"]) for r in rows] == [("partial", "said", False)]


def test_coordinated_attribution_is_its_own_quote_with_the_same_speaker(quotes):
    found = quotes("The senator said the deal was fair and called the critics cowards.")
    assert [(q.text, q.cue, q.speaker_text) for q in found] == [
        ("the deal was fair", "said", "The senator"), ("the critics cowards", "called", "The senator")]


def test_they_resolves_to_a_plural_subject_before(quotes):
    q = only(quotes('The dockers marched at noon. "No more cuts!" they shouted outside the port.'), "cuts")
    assert q.speaker_text == "The dockers"


def test_quoted_words_closing_an_object_stay_in_one_partial_quote(quotes):
    found = quotes('Senator Ruth Abel called the plan "a fraud."')
    assert [(q.text, q.kind, q.cue) for q in found] == [('the plan "a fraud."', "partial", "called")]


@pytest.mark.parametrize("text, speaker", [
    ('Pollster Kemal Aydin of Istanbul: "Turnout will decide it."', "Pollster Kemal Aydin of Istanbul"),
    ('The delay did not surprise the analyst Maria Lopez: "Nobody expected the vote in June."',
     "the analyst Maria Lopez"),
])
def test_colon_after_a_named_speaker(quotes, text, speaker):
    q = only(quotes(text), "vote" if "vote" in text else "Turnout")
    assert q.speaker_text == speaker and q.cue == ":" and q.kind == "direct"


def test_colon_after_narration_without_a_name_is_no_speaker(quotes):
    found = quotes('The sign on the door was short: "Closed until further notice."')
    assert all(q.speaker_text is None for q in found), [(q.text, q.speaker_text) for q in found]


def test_jsonl_export_carries_kind_and_cue_and_import_reads_them_back(tmp_path):
    import io
    import json

    from wirewatch.export import export_jsonl, import_jsonl
    from wirewatch.records import Article, Extraction, Quote
    from wirewatch.store import Store

    art = Article.create('The mayor said the plan was "a disgrace" and would fail.', language="en")
    start, end = art.text.index("the plan"), art.text.index(" and would")
    quote = Quote(make_id("quote", art.id, start, end), art.id, start, end, art.text[start:end], "The mayor",
                  0, 9, None, False, "said", "partial")

    def dump(store):
        buf = io.StringIO()
        export_jsonl(store, buf)
        return [json.loads(line) for line in buf.getvalue().splitlines()]

    with Store(str(tmp_path / "a.db")) as store:
        store.add_articles([art])
        store.save_extractions([Extraction(art, quotes=[quote])])
        first = dump(store)
    record = next(r for r in first if r["type"] == "quote")
    assert (record["kind"], record["cue"]) == ("partial", "said")
    assert (record["sources"][0]["kind"], record["sources"][0]["cue"]) == ("partial", "said")
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in first) + "\n", encoding="utf-8")
    with Store(str(tmp_path / "b.db")) as other:
        import_jsonl(other, path)
        rows = list(other.rows("quotes"))
        again = dump(other)
    assert [(r["kind"], r["cue"]) for r in rows] == [("partial", "said")]
    assert again == first


@pytest.mark.parametrize("text, fragment, speaker", [
    ("Senator Mara Quill opened the debate by arguing that the port tax would drive shipping away.",
     "port tax", "Senator Mara Quill"),
    ("Governor Alan Pike paused before explaining that the dam had never been inspected.", "dam", "Governor Alan Pike"),
    ("Councillor Ruth Ames was quick to point out that the ferry had run late all week.", "ferry", "Councillor Ruth Ames"),
])
def test_speaker_of_a_cue_under_a_preposition_or_adjective_is_the_main_subject(quotes, text, fragment, speaker):
    q = only(quotes(text), fragment)
    assert q.speaker_text == speaker


def test_speaker_does_not_reach_across_a_line_break(quotes):
    q = only(quotes("9:40 a.m.\n\nMayor Lena Kovacs says that the bridge will stay closed until March."), "bridge")
    assert q.speaker_text == "Mayor Lena Kovacs"


@pytest.mark.parametrize("text", [
    "Councillor Rana Obi told the meeting:\u00a0\u201cWe will rebuild the school by winter.\u201d",
    "Councillor Rana Obi:\u00a0\u201cWe will rebuild the school by winter.\u201d",
])
def test_no_break_space_between_cue_and_quote(quotes, text):
    q = only(quotes(text), "rebuild")
    assert q.direct and q.speaker_text == "Councillor Rana Obi"


@pytest.mark.parametrize("text, speaker", [
    ("The hearing went on late.\n\nSenator Ilse Brandt told the committee:\n\n"
     "\u201cWe have waited three years for these records. The families deserve an answer.\u201d", "Senator Ilse Brandt"),
    ("The hearing went on late.\n\nSenator Ilse Brandt continued:\n\n"
     "\u201cWe have waited three years for these records. The families deserve an answer.\u201d", "Senator Ilse Brandt"),
])
def test_quote_paragraph_after_a_paragraph_ending_in_a_colon(quotes, text, speaker):
    q = only(quotes(text), "three years")
    assert q.direct and q.speaker_text == speaker


def test_paragraph_ending_in_a_colon_without_a_speaker_names_none(quotes):
    q = only(quotes("The rules are strict.\n\nHere is the key passage:\n\n\u201cNo vessel may dock after dark.\u201d"),
             "vessel")
    assert q.speaker_text is None


def test_opening_curly_mark_typed_as_the_closing_one(quotes):
    found = quotes("He went on.\n\n\u201cIt is unusual,\u201c said Lars Nobel, an attorney. \u201cIt is a hard thing.\u201d")
    q = only(found, "unusual")
    assert q.text == "\u201cIt is unusual,\u201c" and q.speaker_text.startswith("Lars Nobel")
    assert only(found, "hard thing").text == "\u201cIt is a hard thing.\u201d"


def test_participle_after_a_reported_clause_belongs_to_the_main_speaker(quotes):
    text = ("Mayor Dana Holt said the board saw no reason to delay the vote, telling reporters that "
            "the council had debated the budget for months.")
    q = only(quotes(text), "debated")
    assert q.speaker_text == "Mayor Dana Holt" and q.cue == "telling"
