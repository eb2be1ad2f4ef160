package dev.descheduler.silver.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.descheduler.events.EventsWithoutRepository;
import org.junit.jupiter.api.Test;

/**
 * GitHub's repository-less event types (GistEvent, FollowEvent, TeamAddEvent, DownloadEvent, ForkApplyEvent, in the
 * Events API shape GH Archive kept for 2012-2014) become Silver rows with a null repository, never rejections.
 */
class EventsWithoutRepositoryTest {

    private final SilverEventParser parser = new SilverEventParser();

    @Test
    void parsesEveryTypeWithNullRepoColumns() {
        for (String line : EventsWithoutRepository.lines()) {
            JsonNode json = GhArchiveEvents.tree(line);
            BronzeEventRow row = GhArchiveEvents.toRow(json);
            assertThat(row.repo()).isNull();

            ParseResult result = parser.parse(row);

            assertThat(result).as("parse result of %s", row.type()).isInstanceOf(SilverEvent.class);
            SilverEvent event = (SilverEvent) result;
            assertThat(event.get(SilverColumn.EVENT_ID))
                    .isEqualTo(json.get("id").asText());
            assertThat(event.get(SilverColumn.REPO_ID)).isNull();
            assertThat(event.get(SilverColumn.REPO_NAME)).isNull();
            assertThat(event.get(SilverColumn.REPO_OWNER)).isNull();
            assertThat(event.get(SilverColumn.ACTOR_LOGIN))
                    .isEqualTo(json.get("actor").get("login").asText());
            assertThat(event.get(SilverColumn.PAYLOAD_SHAPE)).isEqualTo("unknown_type");
        }
    }

    @Test
    void keepsTheOrganisationOfAnOrgLevelEvent() {
        BronzeEventRow teamAdd = GhArchiveEvents.toRow(
                GhArchiveEvents.tree(EventsWithoutRepository.lines().get(2)));

        SilverEvent event = (SilverEvent) parser.parse(teamAdd);

        assertThat(event.get(SilverColumn.EVENT_TYPE)).isEqualTo("TeamAddEvent");
        assertThat(event.get(SilverColumn.ORG_LOGIN)).isEqualTo("acme");
        assertThat(event.get(SilverColumn.ORG_ID)).isEqualTo(1214L);
    }
}
