package dev.descheduler.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.descheduler.events.avro.GitHubEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EventJsonDecoderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant RECEIVED = Instant.parse("2026-11-24T10:00:00Z");
    private static final String VALID =
            """
            {"id":"2489651045","type":"CreateEvent",\
            "actor":{"id":665991,"login":"petroav","gravatar_id":"","url":"https://api.github.com/users/petroav",\
            "avatar_url":"https://avatars.githubusercontent.com/u/665991?"},\
            "repo":{"id":28688495,"name":"petroav/6.828","url":"https://api.github.com/repos/petroav/6.828"},\
            "payload":{"ref":"master","ref_type":"branch","master_branch":"master","description":"Solution",\
            "pusher_type":"user"},"public":true,"created_at":"2015-01-01T15:00:00Z"}""";

    private final EventJsonDecoder decoder = new EventJsonDecoder(JsonLimits.defaults());

    private GitHubEvent decode(String json) throws InvalidEventException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return decoder.decode(bytes, 0, bytes.length, "0190a000-0000-7000-8000-000000000001", RECEIVED);
    }

    @Test
    void decodesTheGitHubFieldsAndKeepsThePayloadTextAsReceived() throws Exception {
        GitHubEvent event = decode(VALID);

        assertThat(event.getIngestId()).isEqualTo("0190a000-0000-7000-8000-000000000001");
        assertThat(event.getReceivedAt()).isEqualTo(RECEIVED);
        assertThat(event.getId()).isEqualTo("2489651045");
        assertThat(event.getType()).isEqualTo("CreateEvent");
        assertThat(event.getActor().getId()).isEqualTo(665991L);
        assertThat(event.getActor().getLogin()).isEqualTo("petroav");
        assertThat(event.getActor().getDisplayLogin()).isNull();
        assertThat(event.getRepo().getName()).isEqualTo("petroav/6.828");
        assertThat(event.getOrg()).isNull();
        assertThat(event.getPublic$()).isTrue();
        assertThat(event.getCreatedAt()).isEqualTo("2015-01-01T15:00:00Z");
        assertThat(event.getPayload())
                .isEqualTo("{\"ref\":\"master\",\"ref_type\":\"branch\",\"master_branch\":\"master\","
                        + "\"description\":\"Solution\",\"pusher_type\":\"user\"}");
        assertThat(event.getExtraFields()).isEmpty();
    }

    @Test
    void readsAnEventInTheMiddleOfALargerBuffer() throws Exception {
        byte[] buffer = ("[garbage before]\n" + VALID + "\n{trailing").getBytes(StandardCharsets.UTF_8);
        int offset = buffer.length - VALID.length() - "\n{trailing".length();

        GitHubEvent event = decoder.decode(buffer, offset, VALID.length(), "x", RECEIVED);

        assertThat(event.getPayload()).startsWith("{\"ref\":\"master\"").endsWith("\"pusher_type\":\"user\"}");
        assertThat(JSON.readTree(EventJsonEncoder.toJson(event))).isEqualTo(JSON.readTree(VALID));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            not JSON                 | {"id":                                                  | INVALID_JSON      | invalid JSON at byte
            array instead of object  | [1,2]                                                   | NOT_AN_OBJECT     | event must be a JSON object, got an array
            string instead of object | "hello"                                                 | NOT_AN_OBJECT     | event must be a JSON object, got a string
            empty                    | ' '                                                     | INVALID_JSON      | event is empty
            trailing content         | {"id":"1"} {}                                           | INVALID_JSON      | unexpected content after the event's closing brace
            """)
    void refusesMalformedJson(String description, String json, RejectReason reason, String message) {
        assertThatThrownBy(() -> decode(json))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith(message)
                .extracting(e -> ((InvalidEventException) e).reason())
                .isEqualTo(reason);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            missing id           | "id":"2489651045",                       | ''                                  | MISSING_FIELD     | missing required field id
            missing type         | "type":"CreateEvent",                    | ''                                  | MISSING_FIELD     | missing required field type
            missing created_at   | ,"created_at":"2015-01-01T15:00:00Z"     | ''                                  | MISSING_FIELD     | missing required field created_at
            actor id as string   | "actor":{"id":665991,                    | "actor":{"id":"665991",             | WRONG_TYPE        | actor.id must be an integer, got a string
            actor id decimal     | "actor":{"id":665991,                    | "actor":{"id":665991.5,             | WRONG_TYPE        | actor.id must be an integer, got a decimal number
            actor id too big     | "actor":{"id":665991,                    | "actor":{"id":99999999999999999999, | WRONG_TYPE        | actor.id must be an integer within 64 bits, got 99999999999999999999
            actor missing login  | "login":"petroav",                       | ''                                  | MISSING_FIELD     | missing required field actor.login
            actor not an object  | "actor":{"id":665991,"login":"petroav",  | "actor":7,"x":{"id":665991,         | WRONG_TYPE        | actor must be a JSON object, got an integer
            repo id missing      | "repo":{"id":28688495,                   | "repo":{                            | MISSING_FIELD     | missing required field repo.id
            repo name null       | "name":"petroav/6.828"                   | "name":null                         | WRONG_TYPE        | repo.name must be a string, got null
            type empty           | "type":"CreateEvent"                     | "type":""                           | WRONG_TYPE        | type must not be empty
            created_at not ISO   | "created_at":"2015-01-01T15:00:00Z"      | "created_at":"yesterday"            | INVALID_TIMESTAMP | created_at is not ISO-8601: "yesterday"
            created_at no zone   | "created_at":"2015-01-01T15:00:00Z"      | "created_at":"2015-01-01T15:00:00"  | INVALID_TIMESTAMP | created_at is not ISO-8601: "2015-01-01T15:00:00"
            """)
    void refusesEventsWithoutWhatSilverNeeds(
            String description, String replace, String with, RejectReason reason, String message) {
        String json = VALID.replace(replace, with);
        assertThat(json).as("test case edits the event").isNotEqualTo(VALID);

        assertThatThrownBy(() -> decode(json))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage(message)
                .extracting(e -> ((InvalidEventException) e).reason())
                .isEqualTo(reason);
    }

    @Test
    void acceptsAnyPayloadShapeAndUnknownFields() throws Exception {
        String json = VALID.replace(
                        "\"payload\":{\"ref\":\"master\",\"ref_type\":\"branch\",\"master_branch\":\"master\","
                                + "\"description\":\"Solution\",\"pusher_type\":\"user\"}",
                        "\"payload\":[1,\"two\",{\"three\":3}]")
                .replace("\"public\":true", "\"public\":\"yes\",\"schema_version\":2.5,\"tags\":null");

        GitHubEvent event = decode(json);

        assertThat(event.getPayload()).isEqualTo("[1,\"two\",{\"three\":3}]");
        assertThat(event.getPublic$()).isNull();
        assertThat(event.getExtraFields())
                .containsEntry("public", "\"yes\"")
                .containsEntry("schema_version", "2.5")
                .containsEntry("tags", "null");
        assertThat(JSON.readTree(EventJsonEncoder.toJson(event))).isEqualTo(JSON.readTree(json));
    }

    @Test
    void refusesAnEventOverTheSizeLimit() {
        EventJsonDecoder small = new EventJsonDecoder(new JsonLimits(64, 4096, 2048));
        String json = VALID.replace("\"Solution\"", "\"" + "x".repeat(3000) + "\"");
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);

        assertThatThrownBy(() -> small.decode(bytes, 0, bytes.length, "x", RECEIVED))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage("event is " + bytes.length + " bytes, over the limit of 2048 bytes")
                .extracting(e -> ((InvalidEventException) e).reason())
                .isEqualTo(RejectReason.EVENT_TOO_LARGE);
    }

    @Test
    void refusesNestingDeeperThanTheLimit() {
        EventJsonDecoder shallow = new EventJsonDecoder(new JsonLimits(8, 4096, 1 << 20));
        String deep = "[".repeat(20) + "]".repeat(20);
        String json = VALID.replace("\"payload\":{", "\"payload\":{\"deep\":" + deep + ",");

        assertThatThrownBy(() -> shallow.decode(json.getBytes(StandardCharsets.UTF_8), 0, json.length(), "x", RECEIVED))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("event nests too deeply: ")
                .extracting(e -> ((InvalidEventException) e).reason())
                .isEqualTo(RejectReason.TOO_DEEP);
    }

    @Test
    void refusesARequiredStringLongerThanTheLimit() {
        EventJsonDecoder strict = new EventJsonDecoder(new JsonLimits(64, 1024, 1 << 20));
        String json = VALID.replace("\"login\":\"petroav\"", "\"login\":\"" + "p".repeat(5000) + "\"");

        assertThatThrownBy(() -> strict.decode(json.getBytes(StandardCharsets.UTF_8), 0, json.length(), "x", RECEIVED))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("event has a string that is too long: ")
                .extracting(e -> ((InvalidEventException) e).reason())
                .isEqualTo(RejectReason.STRING_TOO_LONG);
    }

    @Test
    void refusesANumberLongerThanJacksonsLimitNamingThatLimit() {
        String json = VALID.replace("\"pusher_type\":\"user\"", "\"pusher_type\":\"user\",\"n\":" + "9".repeat(1500));

        assertThatThrownBy(() -> decode(json))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("event has a number that is too long: ")
                .extracting(e -> ((InvalidEventException) e).reason())
                .isEqualTo(RejectReason.NUMBER_TOO_LONG);
        assertThat(RejectReason.NUMBER_TOO_LONG.label()).isEqualTo("number_too_long");
    }

    @Test
    void refusesAFieldNameLongerThanJacksonsLimitNamingThatLimit() {
        String json = VALID.replace("\"pusher_type\":\"user\"", "\"" + "k".repeat(60_000) + "\":1");

        assertThatThrownBy(() -> decode(json))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("event has a field name that is too long: ")
                .extracting(e -> ((InvalidEventException) e).reason())
                .isEqualTo(RejectReason.NAME_TOO_LONG);
        assertThat(RejectReason.NAME_TOO_LONG.label()).isEqualTo("name_too_long");
    }

    @Test
    void acceptsEveryRealEventTypeThatHasNoRepository() throws Exception {
        List<String> lines = EventsWithoutRepository.lines();
        assertThat(lines).hasSize(EventsWithoutRepository.TYPES.size());

        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            GitHubEvent event = decode(line);

            assertThat(event.getType()).isEqualTo(EventsWithoutRepository.TYPES.get(i));
            assertThat(event.getRepo()).as("repo of %s", event.getType()).isNull();
            assertThat(event.getExtraFields()).doesNotContainKey("repo");
            assertThat(JSON.readTree(EventJsonEncoder.toJson(event))).isEqualTo(JSON.readTree(line));
        }
        GitHubEvent teamAdd = decode(lines.get(2));
        assertThat(teamAdd.getOrg().getLogin()).isEqualTo("acme");
    }

    @Test
    void keepsAnExplicitNullRepoVerbatim() throws Exception {
        String json = VALID.replace(
                "\"repo\":{\"id\":28688495,\"name\":\"petroav/6.828\",\"url\":\"https://api.github.com/repos/petroav/6.828\"}",
                "\"repo\":null");
        assertThat(json).isNotEqualTo(VALID);

        GitHubEvent event = decode(json);

        assertThat(event.getRepo()).isNull();
        assertThat(event.getExtraFields()).containsEntry("repo", "null");
        assertThat(JSON.readTree(EventJsonEncoder.toJson(event))).isEqualTo(JSON.readTree(json));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            repo a string        | "repo":"petroav/6.828"                     | WRONG_TYPE    | repo must be a JSON object, got a string
            repo an array        | "repo":[1]                                 | WRONG_TYPE    | repo must be a JSON object, got an array
            repo without name    | "repo":{"id":28688495}                     | MISSING_FIELD | missing required field repo.name
            repo id as string    | "repo":{"id":"28688495","name":"a/b"}      | WRONG_TYPE    | repo.id must be an integer, got a string
            """)
    void stillValidatesARepoThatIsThere(String description, String repo, RejectReason reason, String message) {
        String json = VALID.replace(
                "\"repo\":{\"id\":28688495,\"name\":\"petroav/6.828\",\"url\":\"https://api.github.com/repos/petroav/6.828\"}",
                repo);
        assertThat(json).as("test case edits the event").isNotEqualTo(VALID);

        assertThatThrownBy(() -> decode(json))
                .isInstanceOf(InvalidEventException.class)
                .hasMessage(message)
                .extracting(e -> ((InvalidEventException) e).reason())
                .isEqualTo(reason);
    }

    @Test
    void keepsANumericIdAsANumberWhenRebuilding() throws Exception {
        String json = VALID.replace("\"id\":\"2489651045\"", "\"id\":2489651045");

        GitHubEvent event = decode(json);

        assertThat(event.getId()).isEqualTo("2489651045");
        assertThat(event.getIdIsNumber()).isTrue();
        assertThat(JSON.readTree(EventJsonEncoder.toJson(event))).isEqualTo(JSON.readTree(json));
    }

    @Test
    void tellsExplicitNullFromAbsentFieldsAndKeepsUnknownNestedFields() throws Exception {
        String json =
                """
                {"id":"1","type":"WatchEvent",\
                "actor":{"id":1,"login":"a","display_login":"a","gravatar_id":null,"node_id":"MDQ6","site_admin":false},\
                "repo":{"id":2,"name":"a/b","url":null,"stars":{"count":3}},\
                "org":null,"payload":null,"created_at":"2025-11-02T08:15:30Z"}""";

        GitHubEvent event = decode(json);

        assertThat(event.getActor().getDisplayLogin()).isEqualTo("a");
        assertThat(event.getActor().getGravatarId()).isNull();
        assertThat(event.getActor().getExtraFields())
                .containsEntry("gravatar_id", "null")
                .containsEntry("node_id", "\"MDQ6\"")
                .containsEntry("site_admin", "false");
        assertThat(event.getRepo().getExtraFields()).containsEntry("stars", "{\"count\":3}");
        assertThat(event.getOrg()).isNull();
        assertThat(event.getExtraFields()).containsEntry("org", "null");
        assertThat(event.getPayload()).isEqualTo("null");
        assertThat(JSON.readTree(EventJsonEncoder.toJson(event))).isEqualTo(JSON.readTree(json));
    }

    @Test
    void keepsAMalformedOrgVerbatimInsteadOfRejectingTheEvent() throws Exception {
        String json =
                VALID.replace("\"public\":true", "\"public\":true,\"org\":{\"id\":\"9\",\"login\":\"x\",\"k\":[1]}");

        GitHubEvent event = decode(json);

        assertThat(event.getOrg()).isNull();
        assertThat(event.getExtraFields()).containsEntry("org", "{\"id\":\"9\",\"login\":\"x\",\"k\":[1]}");
        assertThat(JSON.readTree(EventJsonEncoder.toJson(event))).isEqualTo(JSON.readTree(json));
    }

    @Test
    void readsAWellFormedOrg() throws Exception {
        String json = VALID.replace(
                "\"public\":true",
                "\"public\":true,\"org\":{\"id\":9,\"login\":\"acme\",\"gravatar_id\":\"\",\"url\":\"u\",\"avatar_url\":\"v\"}");

        GitHubEvent event = decode(json);

        assertThat(event.getOrg().getId()).isEqualTo(9L);
        assertThat(event.getOrg().getLogin()).isEqualTo("acme");
        assertThat(event.getExtraFields()).doesNotContainKey("org");
        assertThat(JSON.readTree(EventJsonEncoder.toJson(event))).isEqualTo(JSON.readTree(json));
    }
}
