"""Sessions: the day's queue, limits, re-drills, undo, leeches, bury/suspend, summary, replay."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from studykit.core.session import (
    CardRecord,
    Change,
    DayCounts,
    DeckCounts,
    Event,
    EventKind,
    LogEntry,
    Replay,
    Session,
    SessionConfig,
    SessionError,
    StudyDay,
    anki_review,
    build_queue,
    count_done,
    cram_queue,
    effective,
    grade_card,
    is_leech,
    rebase,
    replay,
    set_card_state,
    spare_giveaways,
    suspend_card,
    taken_back,
    today_counts,
    unbury_card,
    unsuspend_card,
)
from studykit.core.sm2 import Button, CardState, Quality, ReviewKind

UTC = dt.UTC
BERLIN = ZoneInfo("Europe/Berlin")
NOW = dt.datetime(2024, 3, 5, 12, 0, tzinfo=UTC)  # 13:00 in Berlin
DAY = StudyDay.containing(NOW, tz=BERLIN)


def new(i: int) -> CardRecord:
    return CardRecord(f"f{i}:qa:0")


def learned(card_id: str, *, due_at: dt.datetime, lapses: int = 0) -> tuple[CardRecord, list[Event]]:
    """A card taken from new to I(2) = 6 days (lapsing `lapses` times on the way), due at
    `due_at`: its record and the events that made it, so a replay can start from nothing."""
    qualities = [4, 4] + [1, 4, 4] * lapses

    def grade_all(start: dt.datetime) -> list[Event]:
        record, now, events = CardRecord(card_id), start, list[Event]()
        for q in qualities:
            events.extend(grade_card(record, q, now=now).events)
            record = events[-1].after
            now = record.state.due  # type: ignore[assignment]
        return events

    trial = grade_all(NOW)
    shift = due_at - trial[-1].after.state.due  # type: ignore[operator]
    events = grade_all(NOW + shift)  # SM-2 does not care when: the same grades, shifted
    return events[-1].after, events


def due(i: int, *, days_ago: float = 1, lapses: int = 0) -> CardRecord:
    """A learned card that fell due `days_ago` days before NOW."""
    return learned(f"d{i}:qa:0", due_at=NOW - dt.timedelta(days=days_ago), lapses=lapses)[0]


def drain(session: Session, grade: Button | int = Button.GOOD, *, now: dt.datetime = NOW) -> list[Event]:
    events: list[Event] = []
    while session.current is not None:
        events.extend(session.grade(grade, now=now, answer_ms=1000).events)
    return events


# --- the study day -------------------------------------------------------------------------


def test_the_day_turns_over_at_four_local_time() -> None:
    assert DAY.date == dt.date(2024, 3, 5)
    assert DAY.start == dt.datetime(2024, 3, 5, 3, tzinfo=UTC)  # 04:00 CET = 03:00 UTC
    assert DAY.end == dt.datetime(2024, 3, 6, 3, tzinfo=UTC)
    late = dt.datetime(2024, 3, 6, 1, 30, tzinfo=UTC)  # 02:30 in Berlin: still the 5th's day
    assert StudyDay.containing(late, tz=BERLIN) == DAY
    assert StudyDay.containing(late, tz=BERLIN, rollover_hour=0).date == dt.date(2024, 3, 6)


def test_a_study_day_follows_daylight_saving_time() -> None:
    spring = StudyDay.of(dt.date(2024, 3, 30), tz=BERLIN)  # clocks go forward on the 31st at 02:00
    assert spring.end - spring.start == dt.timedelta(hours=23)
    offset = StudyDay.containing(NOW, tz=dt.timezone(dt.timedelta(hours=-5)), rollover_hour=6)
    assert offset.start == dt.datetime(2024, 3, 5, 11, tzinfo=UTC)


def test_config_is_checked() -> None:
    assert SessionConfig() == SessionConfig(new_per_day=20, reviews_per_day=200, rollover_hour=4, leech_threshold=8)
    for bad in ({"rollover_hour": 24}, {"new_per_day": -1}, {"leech_threshold": 0}):
        with pytest.raises(ValueError):
            SessionConfig(**bad)  # type: ignore[arg-type]


# --- the queue ------------------------------------------------------------------------------


def test_due_reviews_come_first_longest_overdue_first_then_new_cards_in_order() -> None:
    cards = [new(1), due(1, days_ago=1), new(2), due(2, days_ago=3), due(3, days_ago=-0.5)]
    queue = build_queue(cards, now=NOW, day=DAY)
    assert [r.card_id for r in queue.reviews] == ["d2:qa:0", "d1:qa:0", "d3:qa:0"]  # d3: due tonight
    assert [r.card_id for r in queue.new] == ["f1:qa:0", "f2:qa:0"]
    session = Session(queue, day=DAY)
    seen = [r.card_id for r in iter(lambda: session.current, None) if session.grade(4, now=NOW)]
    assert seen == ["d2:qa:0", "d1:qa:0", "d3:qa:0", "f1:qa:0", "f2:qa:0"]


def test_a_card_due_after_the_day_ends_waits() -> None:
    tomorrow = due(1, days_ago=-(DAY.end - NOW) / dt.timedelta(days=1))  # due exactly at the turn
    assert build_queue([tomorrow], now=NOW, day=DAY).reviews == ()


def test_daily_limits_count_what_was_done_today() -> None:
    cards = [due(i, days_ago=i + 1) for i in range(250)] + [new(i) for i in range(30)]
    queue = build_queue(cards, now=NOW, day=DAY)
    assert (len(queue.reviews), len(queue.new)) == (200, 20)
    assert queue.reviews[0].card_id == "d249:qa:0"  # the longest overdue
    later = build_queue(cards, now=NOW, day=DAY, done=DayCounts(new=15, reviews=190),
                        config=SessionConfig(new_per_day=18))
    assert (len(later.reviews), len(later.new)) == (10, 3)
    assert build_queue(cards, now=NOW, day=DAY, done=DayCounts(new=25, reviews=300)).new == ()


def test_suspended_and_buried_cards_are_left_out_until_unburied() -> None:
    buried = replace(due(2), buried_until=DAY.end)
    queue = build_queue([replace(due(1), suspended=True), buried, replace(new(1), suspended=True)], now=NOW, day=DAY)
    assert queue == build_queue([], now=NOW, day=DAY)
    next_day = DAY.shift(1)
    assert build_queue([buried], now=next_day.start, day=next_day).reviews == (buried,)


# (what was done today, the decks' counts without limits) -> what each line of the decks screen shows
LIMITED_COUNTS = [
    ("nothing done: each deck up to the limit, all decks too",
     DayCounts(), {"a": DeckCounts(new=30, due=150, total=200), "b": DeckCounts(new=4, due=80, again=2, total=90)},
     {None: DeckCounts(new=20, due=200, again=2, total=290), "a": DeckCounts(new=20, due=150, total=200),
      "b": DeckCounts(new=4, due=80, again=2, total=90)}),
    ("15 new and 190 reviews done in any deck: what is left of the day's allowance, everywhere",
     DayCounts(new=15, reviews=190), {"a": DeckCounts(new=30, due=150, total=200), "b": DeckCounts(new=4, due=8)},
     {None: DeckCounts(new=5, due=10, total=200), "a": DeckCounts(new=5, due=10, total=200),
      "b": DeckCounts(new=4, due=8)}),
    ("the day's new cards all learnt (in deck a): no deck offers one; re-drills are never limited",
     DayCounts(new=20), {"a": DeckCounts(new=10, again=3, total=13), "b": DeckCounts(new=5, total=5)},
     {None: DeckCounts(new=0, again=3, total=18), "a": DeckCounts(new=0, again=3, total=13),
      "b": DeckCounts(new=0, total=5)}),
    ("no decks", DayCounts(), {}, {None: DeckCounts()}),
]


@pytest.mark.parametrize(("name", "done", "available", "expected"), LIMITED_COUNTS, ids=[c[0] for c in LIMITED_COUNTS])
def test_the_day_s_limits_are_the_collection_s_not_a_deck_s(
    name: str, done: DayCounts, available: dict[str, DeckCounts], expected: dict[str | None, DeckCounts],
) -> None:
    assert today_counts(available, done=done) == expected


# --- cramming ------------------------------------------------------------------------------------


def test_a_cram_session_drills_every_seen_card_and_changes_no_schedule() -> None:
    later, soon = due(1, days_ago=-5), due(2, days_ago=-1)  # seen, not due for days
    buried, suspended = replace(due(3), buried_until=DAY.end), replace(due(4), suspended=True)
    candidates = [new(1), later, soon, buried, suspended, due(5, days_ago=2)]
    assert [r.card_id for r in cram_queue(candidates, now=NOW).reviews] == ["d5:qa:0", "d2:qa:0", "d1:qa:0"]
    session = Session.start_cram(candidates, now=NOW, tz=BERLIN)
    assert session.cramming and session.progress.reviews == 3 and session.current_kind is ReviewKind.REVIEW
    assert session.grade(Button.AGAIN, now=NOW, answer_ms=2000) == Change(())  # nothing to log
    assert session.grade(Button.GOOD, now=NOW).events == ()
    bury = session.bury(now=NOW)  # d1: a bury is logged, made from the card as the collection has it
    assert [(e.kind, e.before) for e in bury.events] == [(EventKind.BURY, later)]
    assert session.current is not None and session.current.card_id == "d5:qa:0"  # graded Again: re-drilled
    assert session.current_kind is ReviewKind.REDRILL
    undo = session.undo(now=NOW)  # takes back the bury: logged
    assert [(e.kind, e.before, e.after) for e in undo.events] == [(EventKind.UNDO, bury.events[0].after, later)]
    assert session.current == later
    assert session.undo(now=NOW) == Change(())  # takes back a cram grade: nothing to log
    assert session.current == soon
    drain(session)
    summary = session.summary()
    assert (summary.cards_reviewed, summary.grades, summary.first_grades) == (3, 4, 3)
    assert summary.next_due == due(5, days_ago=2).state.due  # the collection's, not the cram grades'


# --- grading, re-drills -------------------------------------------------------------------------


def test_failed_cards_are_re_drilled_until_they_score_four() -> None:
    session = Session.start([due(1), due(2), new(1)], now=NOW, tz=BERLIN)
    assert session.current_kind is ReviewKind.REVIEW
    session.grade(Button.AGAIN, now=NOW)                 # d1 fails: re-drilled later
    session.grade(Button.HARD, now=NOW)                  # d2: 3 is correct but below 4: re-drilled too
    assert session.current_kind is ReviewKind.NEW
    session.grade(Button.GOOD, now=NOW)                  # f1: done
    assert [session.current.card_id, session.current_kind] == ["d1:qa:0", ReviewKind.REDRILL]  # type: ignore[union-attr]
    assert session.progress.redrill == 2
    before = session.current.state                        # type: ignore[union-attr]
    change = session.grade(Quality.DIFFICULT, now=NOW)    # 3 again: back to the end of the re-drills
    assert change.events[0].kind is EventKind.REDRILL
    assert change.records["d1:qa:0"].state.interval == before.interval
    assert session.current.card_id == "d2:qa:0"           # type: ignore[union-attr]
    session.grade(Button.GOOD, now=NOW)
    session.grade(Button.EASY, now=NOW)
    assert session.current is None and session.progress.redrill == 0
    with pytest.raises(SessionError):
        session.grade(4, now=NOW)


def test_re_drills_left_from_earlier_today_come_back_after_the_queue() -> None:
    failed_today = grade_card(due(1), Button.AGAIN, now=NOW - dt.timedelta(hours=2)).records["d1:qa:0"]
    failed_yesterday = grade_card(due(2, days_ago=2), Button.AGAIN, now=NOW - dt.timedelta(days=1)).records["d2:qa:0"]
    queue = build_queue([failed_today, failed_yesterday, due(3)], now=NOW, day=DAY)
    assert queue.redrill == (failed_today,)
    assert [r.card_id for r in queue.reviews] == ["d3:qa:0", "d2:qa:0"]  # yesterday's fail is due: a review


# --- undo ---------------------------------------------------------------------------------------


def test_undo_restores_the_card_exactly_and_shows_it_again() -> None:
    (d1, past1), (d2, past2) = (learned(f"d{i}:qa:0", due_at=NOW - dt.timedelta(days=1)) for i in (1, 2))
    start = [d1, d2, new(1)]
    session = Session.start(start, now=NOW, tz=BERLIN)
    first = session.grade(Button.GOOD, now=NOW, answer_ms=2000)
    failed = session.grade(Button.AGAIN, now=NOW, answer_ms=9000)
    assert session.current.card_id == "f1:qa:0"  # type: ignore[union-attr]
    undo = session.undo(now=NOW + dt.timedelta(seconds=5))
    (event,) = undo.events
    assert event.kind is EventKind.UNDO and event.before == failed.events[0].after and event.after == start[1]
    assert session.current == start[1]
    assert session.progress.redrill == 0 and session.progress.graded == 1
    assert session.summary().time_spent == dt.timedelta(seconds=2)
    session.undo(now=NOW)
    assert session.current == start[0] and not session.can_undo
    with pytest.raises(SessionError):
        session.undo(now=NOW)
    assert replay([*past1, *past2, *first.events, *failed.events, *undo.events]) == {
        "d1:qa:0": first.events[0].after, "d2:qa:0": start[1]}


# --- leeches, bury, suspend -----------------------------------------------------------------------


def test_the_eighth_lapse_suspends_and_tags_a_leech_which_can_be_unsuspended() -> None:
    card, past = learned("d1:qa:0", due_at=NOW - dt.timedelta(days=1), lapses=7)
    session = Session.start([card, due(2)], now=NOW, tz=BERLIN)
    change = session.grade(Button.AGAIN, now=NOW)
    grade, leech = change.events
    assert grade.after.state.lapses == 8 and not grade.after.suspended
    assert leech.kind is EventKind.LEECH and leech.after.suspended and leech.after.leech
    session.grade(Button.GOOD, now=NOW)
    assert session.current is None  # a suspended leech is not re-drilled
    assert replay([*past, *change.events])["d1:qa:0"] == leech.after
    back = unsuspend_card(leech.after, now=NOW).records["d1:qa:0"]
    assert not back.suspended and back.leech  # the tag stays
    undone = Session.start([card], now=NOW, tz=BERLIN)
    events = [*undone.grade(1, now=NOW).events, *undone.undo(now=NOW).events]
    assert replay([*past, *events])["d1:qa:0"] == card  # undo takes the suspension back too
    assert count_done(events) == DayCounts()


def test_leeches_recur_every_half_threshold() -> None:
    assert [n for n in range(1, 20) if is_leech(n, 8)] == [8, 12, 16]
    assert [n for n in range(1, 5) if is_leech(n, 1)] == [1, 2, 3, 4]


def test_bury_hides_a_card_until_the_day_turns_over_and_suspend_until_unsuspended() -> None:
    session = Session.start([due(1), due(2), due(3)], now=NOW, tz=BERLIN)
    buried = session.bury(now=NOW).records["d1:qa:0"]
    suspended = session.suspend(now=NOW).records["d2:qa:0"]
    assert buried.buried_until == DAY.end and suspended.suspended
    assert session.current.card_id == "d3:qa:0"  # type: ignore[union-attr]
    assert build_queue([buried, suspended], now=NOW, day=DAY).reviews == ()
    session.undo(now=NOW)
    assert session.current == due(2)


# --- the summary ------------------------------------------------------------------------------


def test_summary() -> None:
    upcoming = NOW + dt.timedelta(days=3)
    session = Session.start([due(1), due(2), new(1)], now=NOW, tz=BERLIN, upcoming=upcoming)
    for grade, ms in ((Button.GOOD, 3000), (Button.AGAIN, 5000), (Button.EASY, 2000), (Button.GOOD, 4000)):
        session.grade(grade, now=NOW, answer_ms=ms)
    summary = session.summary()
    assert (summary.cards_reviewed, summary.grades, summary.first_grades, summary.correct) == (3, 4, 3, 2)
    assert summary.share_correct == pytest.approx(2 / 3)
    assert summary.time_spent == dt.timedelta(seconds=14)
    assert summary.next_due == NOW + dt.timedelta(days=1)  # the lapsed card and the new one: I(1)
    assert Session.start([], now=NOW, tz=BERLIN, upcoming=upcoming).summary().next_due == upcoming
    assert Session.start([], now=NOW, tz=BERLIN).summary().share_correct is None


# --- the log: replay, effective events, rebase -----------------------------------------------------


actions = st.lists(st.sampled_from(["again", "hard", "good", "easy", "undo", "bury", "suspend"]), max_size=60)


@settings(max_examples=150)
@given(actions)
def test_replaying_a_session_s_events_gives_its_records(script: list[str]) -> None:
    (d1, past1), (d2, past2) = learned("d1:qa:0", due_at=NOW, lapses=6), learned("d2:qa:0", due_at=NOW)
    cards = [d1, d2, new(1), new(2)]
    session = Session.start(cards, now=NOW, tz=BERLIN, config=SessionConfig(leech_threshold=7))
    records = {r.card_id: r for r in cards}
    events: list[Event] = [*past1, *past2]
    now = NOW
    for action in script:
        now += dt.timedelta(seconds=30)
        if action == "undo":
            if not session.can_undo:
                continue
            change = session.undo(now=now)
        elif session.current is None:
            continue
        elif action in ("bury", "suspend"):
            change = getattr(session, action)(now=now)
        else:
            change = session.grade(Button[action.upper()], now=now, answer_ms=10)
        for event in change.events:
            assert event.before == records.get(event.card_id), "each event starts where the last one left off"
            records[event.card_id] = event.after
        events.extend(change.events)
    replayed = replay(events)
    assert replayed == {i: r for i, r in records.items() if i in replayed}
    assert rebase([], events) == tuple(events)
    today = events[len(past1) + len(past2):]
    kept = effective(today)
    assert count_done(today) == DayCounts(
        new=sum(e.kind is EventKind.NEW for e in kept), reviews=sum(e.kind is EventKind.REVIEW for e in kept))


def test_effective_drops_undone_events_and_the_undo() -> None:
    card = due(1)
    first = grade_card(card, 4, now=NOW).events
    second = grade_card(first[0].after, 2, now=NOW).events
    undo = Event(card.card_id, EventKind.UNDO, NOW, before=second[0].after, after=first[0].after)
    assert effective([*first, *second, undo]) == list(first)
    assert effective([undo]) == []


def test_rebase_applies_a_stale_grade_on_top_of_the_other_process_s() -> None:
    card = new(1)
    mine = grade_card(card, 5, now=NOW).events        # this process saw the card new
    theirs = grade_card(card, 4, now=NOW - dt.timedelta(minutes=1)).events  # the other graded it first
    (rebased,) = rebase(theirs, mine)
    assert rebased.before == theirs[0].after
    assert rebased.kind is EventKind.REVIEW and rebased.after.state.interval == 6 and rebased.quality == 5


def test_records_round_trip_through_dicts() -> None:
    record = replace(grade_card(due(1), 2, now=NOW).records["d1:qa:0"], leech=True, buried_until=DAY.end)
    assert CardRecord.from_dict(record.to_dict()) == record


# --- events from outside: a state set, reviews imported from Anki --------------------------------------


def test_a_set_state_is_replayed_as_given_and_undone_like_a_grade() -> None:
    card = new(1)
    graded = grade_card(card, Button.GOOD, now=NOW).events
    imported = CardState(ef=2.1, repetition=4, interval=30, due=NOW + dt.timedelta(days=3), lapses=2,
                         last_review=NOW - dt.timedelta(days=27))
    (set_state,) = set_card_state(graded[-1].after, imported, now=NOW).events
    assert set_state.kind is EventKind.SET_STATE and set_state.state == imported
    assert set_state.after == replace(graded[-1].after, state=imported)
    assert replay([*graded, set_state])[card.card_id].state == imported
    undo = Event(card.card_id, EventKind.UNDO, NOW, before=set_state.after, after=graded[-1].after)
    assert replay([*graded, set_state, undo])[card.card_id] == graded[-1].after
    assert effective([*graded, set_state, undo]) == list(graded)
    reset = set_card_state(set_state.after, CardState(), now=NOW).events[0]  # a reset to new
    assert replay([*graded, set_state, reset])[card.card_id].is_new


def test_reviews_imported_from_anki_leave_the_card_and_are_never_taken_back() -> None:
    card = new(2)
    history = [
        anki_review(card, kind, at=NOW - dt.timedelta(days=days), ease=ease, answer_ms=4000).events[0]
        for kind, days, ease in ((EventKind.ANKI_LEARN, 40, Button.AGAIN), (EventKind.ANKI_RELEARN, 30, Button.GOOD),
                                 (EventKind.ANKI_REVIEW, 20, Button.HARD), (EventKind.ANKI_FILTERED, 10, Button.EASY))
    ]
    assert all(e.before == e.after == card and e.quality is None for e in history)
    assert [e.ease for e in history] == [Button.AGAIN, Button.GOOD, Button.HARD, Button.EASY]
    assert replay(history)[card.card_id] == card
    graded = grade_card(card, Button.GOOD, now=NOW).events
    undo = Event(card.card_id, EventKind.UNDO, NOW, before=graded[-1].after, after=card)
    assert effective([*history, *graded, undo]) == history  # the undo takes the grade, not Anki's reviews
    assert taken_back([*history, *graded, undo]) == list(graded)
    assert count_done([*history, *graded]) == DayCounts(new=1, reviews=1)  # Anki's due review counts, as in Anki


def test_rebase_and_replay_recompute_before_and_after_from_the_entries_alone() -> None:
    card = new(3)
    events = [*grade_card(card, Button.AGAIN, now=NOW).events]
    events += grade_card(events[-1].after, Button.GOOD, now=NOW + dt.timedelta(minutes=10), redrill=True).events
    entries = [LogEntry(e.card_id, e.kind, e.at, e.quality, answer_ms=e.answer_ms) for e in events]
    fold = Replay()
    assert [fold.apply(entry) for entry in entries] == events


def test_unbury_shows_a_card_again_and_replays_and_undoes() -> None:
    record = new(1)
    buried = Session.start([record], now=NOW, tz=BERLIN).bury(now=NOW).records[record.card_id]
    assert not buried.available(NOW)
    change = unbury_card(buried, now=NOW)
    assert change.events[0].kind is EventKind.UNBURY and change.records[record.card_id] == record
    log = [*Session.start([record], now=NOW, tz=BERLIN).bury(now=NOW).events, *change.events]
    assert replay(log)[record.card_id] == record
    undo = Event(record.card_id, EventKind.UNDO, NOW, before=record, after=buried)
    assert replay([*log, undo])[record.card_id] == buried
    assert effective([*log, undo]) == log[:1]


def test_reconcile_takes_cards_changed_outside_the_session() -> None:
    """The browser suspends the current card and one ahead, then gives one of them back."""
    cards = [new(i) for i in range(4)]
    session = Session.start(cards, now=NOW, tz=BERLIN)
    first = session.current
    assert first is not None
    session.grade(Button.GOOD, now=NOW)
    current = session.current
    assert current is not None and current.card_id == cards[1].card_id
    assert session.can_undo
    suspended = [suspend_card(cards[1], now=NOW).records[cards[1].card_id],
                 suspend_card(cards[3], now=NOW).records[cards[3].card_id]]
    session.reconcile(suspended, now=NOW)
    assert session.current is not None and session.current.card_id == cards[2].card_id
    assert session.progress.new == 1  # the two suspended ones left the queue
    assert session.can_undo  # the grade of the first card is still undoable: it was not touched
    session.reconcile([cards[1]], now=NOW)  # unsuspended: back at the end of the queue
    assert session.progress.new == 2
    session.reconcile([replace(cards[0], suspended=True)], now=NOW)  # the graded card: undo history dropped
    assert not session.can_undo
    session.reconcile([cards[0]], now=NOW)  # graded here: not shown again
    session.reconcile([CardRecord("never-in-this-session")], now=NOW)  # left to the next session
    assert [r.card_id for r in _ids(session)] == [cards[2].card_id, cards[1].card_id]


def _ids(session: Session) -> list[CardRecord]:
    shown = []
    while session.current is not None:
        shown.append(session.current)
        session.grade(Button.GOOD, now=NOW)
    return shown


# -- cards given away by one shown before are left for another day --------------------------------


def test_a_card_given_away_by_one_shown_before_it_today_is_left_out_and_the_next_new_card_takes_its_place() -> None:
    """d1 (a review) gives away new card 1; new card 2 gives away 4; f9 was shown earlier today
    and gives away new card 3. With room for three new cards the queue takes 0, 2 and 5."""
    spoils = {"d1:qa:0": {"f1:qa:0"}, "f2:qa:0": {"f4:qa:0"}, "f9:qa:0": {"f3:qa:0"}}
    cards = [due(1), *(new(i) for i in range(6))]
    queue = build_queue(cards, now=NOW, day=DAY, config=SessionConfig(new_per_day=3),
                        gives_away=lambda i: spoils.get(i, set()), shown=["f9:qa:0"])
    assert [r.card_id for r in queue.reviews] == ["d1:qa:0"]
    assert [r.card_id for r in queue.new] == ["f0:qa:0", "f2:qa:0", "f5:qa:0"]
    unspared = build_queue(cards, now=NOW, day=DAY, config=SessionConfig(new_per_day=3))
    assert [r.card_id for r in unspared.new] == ["f0:qa:0", "f1:qa:0", "f2:qa:0"]


@given(st.lists(st.tuples(st.integers(0, 11), st.integers(0, 11)), max_size=30), st.sets(st.integers(0, 11)))
def test_no_card_kept_is_given_away_by_one_shown_before_it(pairs: list[tuple[int, int]], shown: set[int]) -> None:
    spoils: dict[str, set[str]] = {}
    for a, b in pairs:
        if a != b:
            spoils.setdefault(new(a).card_id, set()).add(new(b).card_id)
    records = [new(i) for i in range(12)]
    seen = [new(i).card_id for i in shown]
    kept = spare_giveaways(records, lambda i: spoils.get(i, set()), shown=seen)
    before = list(seen)
    for record in kept:
        assert not any(record.card_id in spoils.get(b, set()) for b in before)
        before.append(record.card_id)
    # a card left out was given away by one shown before it
    left_out = [r for r in records if r not in kept]
    for record in left_out:
        earlier = seen + [k.card_id for k in kept if records.index(k) < records.index(record)]
        assert any(record.card_id in spoils.get(b, set()) for b in earlier)
