package dev.descheduler.lakehouse.table;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descheduler.events.avro.Actor;
import dev.descheduler.events.avro.GitHubEvent;
import dev.descheduler.events.avro.Org;
import dev.descheduler.events.avro.Repo;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class EnvelopeColumnsTest {

    @Test
    void turnsAnEventIntoValuesInColumnOrder() {
        Instant received = Instant.parse("2015-01-01T00:00:01.234Z");
        GitHubEvent event = GitHubEvent.newBuilder()
                .setIngestId("0190-ingest")
                .setReceivedAt(received)
                .setId("2489651045")
                .setType("PushEvent")
                .setActor(Actor.newBuilder()
                        .setId(42L)
                        .setLogin("octocat")
                        .setExtraFields(Map.of("site_admin", "false"))
                        .build())
                .setRepo(Repo.newBuilder().setId(7L).setName("octo/repo").build())
                .setOrg(Org.newBuilder().setId(9L).setLogin("octo").build())
                .setPayload("{\"size\":1}")
                .setPublic$(true)
                .setCreatedAt("2015-01-01T00:00:00Z")
                .setExtraFields(Map.of())
                .build();

        Object[] values = EnvelopeColumns.values(event);

        assertThat(values).hasSize(EnvelopeColumns.sparkType().fields().length);
        assertThat(values[0]).isEqualTo("0190-ingest");
        assertThat(values[1]).isEqualTo(Timestamp.from(received));
        assertThat(values[2]).isEqualTo("2489651045");
        assertThat(values[3]).isEqualTo(false);
        Row actor = (Row) values[5];
        assertThat(actor.getLong(0)).isEqualTo(42L);
        assertThat(actor.getString(1)).isEqualTo("octocat");
        assertThat(actor.isNullAt(2)).isTrue();
        @SuppressWarnings("unchecked")
        scala.collection.Map<String, String> actorExtra = (scala.collection.Map<String, String>) actor.get(6);
        assertThat(actorExtra.apply("site_admin")).isEqualTo("false");
        assertThat(((Row) values[7]).getString(1)).isEqualTo("octo");
        assertThat(values[8]).isEqualTo("{\"size\":1}");
        assertThat(values[9]).isEqualTo(true);
        assertThat(values[10]).isEqualTo("2015-01-01T00:00:00Z");
    }

    @Test
    void givesAnEventWithoutARepositoryANullRepoColumn() {
        GitHubEvent follow = GitHubEvent.newBuilder()
                .setIngestId("0190-ingest")
                .setReceivedAt(Instant.parse("2013-05-03T10:15:22Z"))
                .setId("1652857801")
                .setType("FollowEvent")
                .setActor(Actor.newBuilder().setId(204155L).setLogin("bo-lee").build())
                .setRepo(null)
                .setOrg(null)
                .setPayload("{\"target\":{\"login\":\"octocat\",\"id\":583231}}")
                .setPublic$(true)
                .setCreatedAt("2013-05-03T10:15:21Z")
                .setExtraFields(Map.of())
                .build();
        int repo = EnvelopeColumns.sparkType().fieldIndex("repo");

        Object[] values = EnvelopeColumns.values(follow);

        assertThat(EnvelopeColumns.sparkType().fields()[repo].nullable()).isTrue();
        assertThat(values[repo]).isNull();
        assertThat(((Row) values[EnvelopeColumns.sparkType().fieldIndex("actor")]).getString(1))
                .isEqualTo("bo-lee");
    }
}
