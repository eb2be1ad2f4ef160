"""The Bronze commit watcher: fires once per commit it has not seen, survives a catalog that is briefly away."""

from __future__ import annotations

import asyncio

import pytest

from lakehouse.assets import BRONZE_EVENTS
from lakehouse.bronze_commits import BronzeCommitTrigger, catalog_reader


def scripted(*answers):
    """A catalog whose table moves through ``answers``; an exception instance is raised instead of answered."""
    queue = list(answers)

    def read():
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    return read


def first_events(trigger: BronzeCommitTrigger, count: int):
    async def collect():
        events = []
        async for event in trigger.run():
            events.append(event.payload)
            if len(events) == count:
                return events

    return asyncio.run(asyncio.wait_for(collect(), timeout=5))


def watcher(*answers) -> BronzeCommitTrigger:
    trigger = BronzeCommitTrigger(poll_interval=0)
    trigger._reader = scripted(*answers)
    return trigger


def test_fires_on_a_commit_made_after_it_started_not_on_the_one_it_found():
    events = first_events(watcher("m1.json", "m1.json", "m2.json"), 1)

    assert events == [{"table": "bronze.github_events", "metadata_location": "m2.json"}]


def test_fires_once_per_commit():
    events = first_events(watcher("m1.json", "m2.json", "m2.json", "m3.json"), 2)

    assert [event["metadata_location"] for event in events] == ["m2.json", "m3.json"]


def test_a_catalog_that_is_briefly_unreachable_does_not_stop_the_watch():
    events = first_events(watcher("m1.json", ConnectionError("catalog restarting"), "m2.json"), 1)

    assert events[0]["metadata_location"] == "m2.json"


def test_a_table_not_created_yet_is_not_a_commit():
    events = first_events(watcher(None, None, "m1.json"), 1)

    assert events[0]["metadata_location"] == "m1.json"


def test_serializes_to_a_path_the_triggerer_can_import_and_back():
    classpath, kwargs = BronzeCommitTrigger(poll_interval=5).serialize()

    assert classpath == "lakehouse.bronze_commits.BronzeCommitTrigger"
    assert BronzeCommitTrigger(**kwargs).serialize() == (classpath, kwargs)


def test_the_bronze_asset_is_watched_by_it():
    assert [watcher.name for watcher in BRONZE_EVENTS.watchers] == ["bronze_commits"]
    assert isinstance(BRONZE_EVENTS.watchers[0].trigger, BronzeCommitTrigger)


def test_the_catalog_is_named_by_the_stack_environment():
    with pytest.raises(ValueError, match="ICEBERG_JDBC_URL must look like jdbc:postgresql://"):
        catalog_reader("bronze", "github_events", env={"ICEBERG_JDBC_URL": "postgres://nope"})
    assert callable(catalog_reader("bronze", "github_events", env={"ICEBERG_JDBC_URL": "jdbc:postgresql://h:5/db"}))
