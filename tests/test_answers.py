"""What an answer quotes, on a real store of the samples and the 42 news articles of tests/data/news/."""

import pytest
from conftest import DATA, SAMPLES

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def news(tmp_path_factory, embedder):
    from qa.services import build
    from store.settings import Settings

    nd = build(Settings(data_dir=tmp_path_factory.mktemp("news")), embedder)
    report = nd.ingestor.add([str(SAMPLES), str(DATA / "news")])
    assert report.ok and not report.failed
    return nd.assistant


def conversation(assistant, *questions):
    """Ask in turn, the history holding only question and answer texts (as the app's does); the answers."""
    history, answers = [], []
    for q in questions:
        answer = assistant.ask(q, history)
        answers.append(answer)
        history += [{"role": "user", "content": q}, {"role": "assistant", "content": answer.answer}]
    return answers


def test_a_question_asking_who_is_answered_with_the_name(news):
    # The lead ("one member of its board voted for a cut") matches best but names no one.
    answer = news.ask("Which Bank of Caldora board member voted for a rate cut in April?")
    assert not answer.refused and any("Pieter Aalst" in c.quote for c in answer.citations)


def test_a_question_naming_an_outlet_is_answered_from_its_report(news):
    first, second = conversation(news, "What share of the vote did Marek Halloran win in the Velmora mayoral election?",
                                 "Does The Courier National give the same figure?")
    assert not second.refused and {c.source for c in second.citations} == {"The Courier National"}
    assert any("51.8 percent" in c.quote for c in second.citations)


def test_a_follow_up_finds_its_own_detail_in_the_conversations_article(news):
    # The follow-up's articles are searched for its own words, not the first question's.
    _, follow = conversation(news, "How many people died in the Dorran chemical plant explosion according to the first reports?",
                             "Who led the firefighting and what did she say?")
    assert not follow.refused and any("Ines Falk" in c.quote for c in follow.citations)


def test_a_follow_ups_detail_deep_in_the_article_is_scored(news):
    # The fine is in the inquiry report's second chunk; the sentences first scored were about the cause.
    _, fined = conversation(news, "What caused the explosion at the Calder Chemicals plant in Dorran?", "How much was the company fined?")
    assert not fined.refused and any("fined Calder Chemicals 2.3 million euros" in c.quote for c in fined.citations)


def test_who_wrote_the_article_described_is_found_by_its_description(news):
    # "published", "who wrote it" are no words of the article: the description alone finds it.
    answer = news.ask("When was the article about Kestrel Marine's record share price published, and who wrote it?")
    lead = answer.answer.split("\n\n")[0]
    assert not answer.refused and "Kestrel Marine profit jumps" in lead  # not the court ruling by the same reporter
    assert "Jonas Whitfield" in lead and "15 May 2025" in lead


def test_a_follow_up_asking_how_it_ended_finds_the_later_report_three_turns_on(news):
    # The subject ("the Ashford strike") was named three questions back; the settlement is in a later report.
    *_, settled = conversation(news, "How many nurses joined the Ashford strike?", "What are they demanding?", "What did the minister offer?",
                               "What did they settle on in the end?")
    assert not settled.refused and any("pay rise of 7.5 percent over two years" in c.quote for c in settled.citations)


def test_a_follow_up_moving_in_time_does_not_answer_from_another_story(ingestor, assistant):
    # Without the report of the Ashford settlement, the settlement of another dispute is no answer (seen in the app:
    # "welcomed the end of the dispute", from the Northline rail deal).
    news = DATA / "news"
    ingestor.add([str(news / f) for f in ("ashford-nurses-strike.md", "ashford-strike-operations.md", "northline-pay-deal.md",
                                          "northline-rail-strike-suspended.md", "caldora-rate-cut.md")])
    _, settled = conversation(assistant, "How many nurses joined the Ashford strike?", "What did they settle on in the end?")
    assert not any(c.source == "The Ledger" or "Northline" in c.title for c in settled.citations), settled.answer


def test_a_comparison_quotes_what_is_compared_not_only_the_lead(news):
    # Each report's lead names the rate decision; the votes asked about are in later sentences.
    answer = news.ask("How did the Bank of Caldora board's vote on the January rate rise differ from its vote on the September cut?")
    quotes = " ".join(c.quote for c in answer.citations)
    assert "voted five to two" in quotes and "voted unanimously" in quotes


def test_a_compared_partys_side_opens_with_a_sentence_about_that_party(news):
    # The June court report's lead, which names Solano on the way, came before what Solano had bid.
    answer = news.ask("How did Kestrel Marine's and Solano Ports Group's bids for the Port Ilse terminal differ?")
    solano = [c.quote for c in answer.citations if "Kestrel Marine, which" not in c.quote]
    assert solano and "higher annual fee" in solano[0]


def test_a_compared_response_is_quoted_in_the_persons_own_words(news):
    answer = news.ask("How did Oskar Lind's response to the Brightline breach in June differ from "
                      "Freya Mortensen's response to the fine in October?")
    assert any("We accept the authority's findings in full" in c.quote for c in answer.citations)
    # Lind's own words are in the June report's later chunk: the side is searched in June's reports too.
    assert any("We have let you down" in c.quote or "apologise" in c.quote for c in answer.citations)


def test_a_question_asking_why_is_answered_with_the_reason(news):
    # The verdict's lead matched "why was it so lenient" best; the reason the court gave is a later sentence.
    *_, why = conversation(news, "Who was Erik Vallin in the Halvik bribery case?", "What sentence did he get?", "Why was it so lenient?")
    assert not why.refused and any("decisive" in c.quote for c in why.citations)


def test_when_will_it_open_is_answered_with_the_year_not_the_day_of_the_report(news):
    # "told parliament on Wednesday" and "Every year without the line" counted as holding the time asked for.
    answer = news.ask("When will the Corvale–Brennick high-speed line open?")
    assert not answer.refused and any("open in 2031" in c.quote for c in answer.citations)


def test_why_someone_did_something_quotes_their_own_reason(news):
    # The lead ("resigned ... ten weeks after the mobile operator disclosed a cyberattack") was the whole answer;
    # Lind's own account of why came below it.
    answer = news.ask("Why did Oskar Lind resign from Brightline Telecom?")
    assert not answer.refused and any("happened on my watch" in c.quote for c in answer.citations)


def test_a_response_that_names_who_answered_is_followed_by_what_they_said(news):
    # "Tomas Reinholt, the director of the harbour authority, rejected the accusation." was quoted alone; what he
    # said ("He said the scoring rules had been published in full ...") is the next sentence.
    *_, respond = conversation(news, "Why did a court freeze the Port Ilse terminal deal?",
                               "Who is that company's chairman and what did he say?", "How did the harbour authority respond?")
    quotes = [c.quote for c in respond.citations]
    assert any("rejected the accusation" in q for q in quotes) and any("published in full" in q for q in quotes)


def test_what_the_described_person_said_later_is_quoted_from_a_later_report(news):
    # The second hop quoted the report that named Kroll (22 September) again, not what he said on 3 October.
    answer = news.ask("What did the official who ordered the Wharfside evacuation say later about the first damage estimate?")
    quotes = [c.quote for c in answer.citations]
    assert any("what we could see from a boat" in q for q in quotes)
    assert len(quotes) == len(set(quotes))  # the sentence that named him is quoted once


def test_a_councillor_described_by_what_she_said_is_found_first(news):
    answer = news.ask("What did the councillor who said nobody went into politics to close libraries say once the amended budget had passed?")
    assert any("not the budget I would have written" in c.quote for c in answer.citations)


def test_later_is_later_than_the_earliest_report_the_last_answer_stood_on(news):
    # The cost answer led with the August audit and quoted February's estimate second: "later" was searched past
    # August only, and the audit that disputed February's estimates was out of reach.
    *_, disputed = conversation(news, "When will the Corvale–Brennick high-speed line open?", "How much will it cost?",
                                "Who disputed those estimates later?")
    assert any("could cost as much as 10.4 billion euros" in c.quote for c in disputed.citations)


def test_how_the_minister_responded_quotes_the_minister_the_conversation_named(news):
    # "The minister has been wrong twice already." (a critic's words about her) came first.
    *_, respond = conversation(news, "When will the Corvale–Brennick high-speed line open?", "How much will it cost?",
                               "Who disputed those estimates later?", "How did the minister respond?")
    assert any("I do not accept its numbers" in c.quote for c in respond.citations)
    assert not any("The minister has been wrong" in c.quote for c in respond.citations)


def test_what_he_had_said_right_after_the_blast_is_quoted_from_the_first_report(news):
    # "he" was the plant manager, whose given name (Gerrit) is in no list; "had said right after" asks for earlier.
    *_, said = conversation(news, "What caused the explosion at the Calder Chemicals plant in Dorran?", "How much was the company fined?",
                            "Will it appeal?", "What happened to the plant manager?", "What had he said right after the blast?")
    assert any("did not yet know what had caused the explosion" in c.quote for c in said.citations)


def test_why_he_did_it_takes_the_words_of_the_man_the_last_answer_named(news):
    # "he" is Pieter Aalst, named in the last answer: his own reasons, reported two sentences on, were not reached.
    *_, why = conversation(news, "Which Bank of Caldora board member voted for a rate cut in April?", "Why did he want a cut?")
    assert any("weak retail sales" in c.quote for c in why.citations)


def test_a_time_span_is_no_answer_to_how_much(news):
    # "seven weeks after the businessman agreed to buy the club" counted as holding a number.
    answer = news.ask("How much did Viktor Sandell's consortium pay for Rivermouth Athletic?")
    assert not answer.refused and "140 million euros" in answer.citations[0].quote


def test_a_named_outlets_report_answers_though_its_name_is_no_word_of_it(news):
    # The Echo's report passed three quarters of the gate, not all of it: the answer came from another outlet.
    *_, echo = conversation(news, "Who agreed to buy Rivermouth Athletic?", "For how much?",
                            "What figure did the Rivermouth Echo give when the deal was approved?")
    assert not echo.refused and {c.source for c in echo.citations} == {"Rivermouth Echo"}


def test_who_replaced_him_asks_for_no_ones_words(news):
    # "replaced" read as "replied": Lind's own words were preferred to the sentence naming his successor.
    _, who = conversation(news, "Why did Oskar Lind resign from Brightline Telecom?", "Who replaced him?")
    assert not who.refused and any("Freya Mortensen would take over" in c.quote for c in who.citations)


def test_a_follow_up_asking_if_a_figure_was_revised_quotes_the_revised_figure(news):
    # "it" is the losses estimate: the later report's figure of euros, not another of its numbers (farmers given aid).
    *_, revised = conversation(news, "How much could the drought cost Santerra farmers?", "Who made that estimate?", "Did they revise it later?")
    assert not revised.refused, revised.answer
    assert any("about 350 million euros" in c.quote for c in revised.citations), revised.answer


def test_a_follow_up_turns_to_the_report_whose_headline_names_what_it_asks(news):
    # The resignation report only says the regulator "can impose fines"; the fine is another report's headline.
    _, fine = conversation(news, "Why did Oskar Lind resign from Brightline Telecom?", "How much was the fine?")
    assert not fine.refused and any("fined Brightline Telecom 8.5 million euros" in c.quote for c in fine.citations), fine.answer


def test_an_events_report_is_found_by_its_lead_when_a_later_chunk_matched(news):
    # The breach report's later chunk is retrieved first; its lead, which tells the event, was never a candidate,
    # so the regulator's fine months later stood for "Brightline disclosing its breach".
    answer = news.ask("Did the Tessaly health minister resign before or after Brightline disclosed its data breach?")
    assert not answer.refused and any("about 2.1 million of its customers" in c.quote for c in answer.citations), answer.answer
    assert answer.answer.index("Brightline") < answer.answer.index("Tessaly"), answer.answer


def test_an_ordered_event_is_dated_by_the_report_whose_headline_tells_it(news):
    # The April report ("one member votes for a cut") mentions a cut as well as the September one that made it.
    answer = news.ask("Which came first — the court rejecting Solano's challenge over the Port Ilse terminal or the Bank of Caldora's first rate cut?")
    assert not answer.refused and any("to 3.75 percent" in c.quote for c in answer.citations), answer.answer
    assert not any("voted for a cut" in c.quote for c in answer.citations), answer.answer


def test_the_questions_words_close_together_find_the_relation_asked_about(news):
    # "minister" and "offer" are in many sentences of the strike reports, apart; the embedding puts the union's
    # view of the offer closest. The sentence where the minister offered something holds them together, in order.
    *_, offer = conversation(news, "How many nurses joined the Ashford strike?", "What are they demanding?", "What did the minister offer?")
    assert not offer.refused and any("has offered 4 percent this year" in c.quote for c in offer.citations), offer.answer


def test_a_follow_up_reaches_the_whole_report_the_last_answer_quoted(news):
    # The union's warning is in a chunk of the toll report that the search for the follow-up does not retrieve.
    *_, warned = conversation(news, "How many people died in the Dorran chemical plant explosion according to the first reports?",
                              "How did the toll change in the following days?", "What did the union say it had warned about?")
    assert not warned.refused and any("raised concerns about ventilation and faulty alarms" in c.quote for c in warned.citations), warned.answer


def test_asked_what_she_said_the_quotation_after_her_reported_words_follows_them(news):
    *_, said = conversation(news, "Why did Oskar Lind resign from Brightline Telecom?", "Who replaced him?",
                            "What did she say when the regulator fined the company?")
    quotes = [c.quote for c in said.citations]
    assert any("would not appeal" in q for q in quotes), said.answer
    assert any("We accept the authority's findings in full" in q for q in quotes), said.answer


def test_compared_events_are_told_by_the_reports_whose_headlines_tell_them(news):
    # The sacking report's lead names the sacking, not the trust's view; the trust's view of the sacking is further down.
    answer = news.ask("How did the Rivermouth supporters' trust's view of the club differ between the takeover approval and the sacking of the manager?")
    assert any("said fans were split" in c.quote for c in answer.citations), answer.answer


def test_a_persons_words_at_two_events_are_quoted_from_the_reports_that_tell_each_event(news):
    # "when Cardelix was recalled" is the February recall report, not the October settlement in which he also speaks;
    # "the way he answered" asks for his words, not the patients' group's quote about him.
    answer = news.ask("How did Magnus Terhaar's message when Cardelix was recalled differ from the way he answered the regulator's report in June?")
    first, second = answer.answer.split("\n\nOn ")[:2]
    assert "Patient safety comes before everything else" in first and "Tarnholm Post (11 February 2025)" in first, answer.answer
    assert "Healthcare Bulletin (24 June 2025)" in second and "Magnus Terhaar said" in second, answer.answer


def test_a_sides_further_sentences_keep_to_its_story(news):
    # "the union react to the proposed Brantmoor cuts": a rail union's strike in another story is no reaction to them.
    answer = news.ask("How did the council workers' union react to the proposed Brantmoor cuts, compared with the budget that finally passed?")
    assert "Municipal Workers' Union" in answer.answer and "Northline" not in answer.answer, answer.answer
