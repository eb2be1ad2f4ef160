package dev.descheduler.compose;

import static org.assertj.core.api.Assertions.assertThat;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * docker-compose.yaml against the Compose Specification's JSON Schema (the one `docker compose` validates with), after
 * substituting .env.example and resolving the merge keys, as compose does before validating.
 */
class ComposeSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Schema schema;

    @BeforeAll
    static void loadSchema() throws IOException {
        Path file = Path.of(System.getProperty("compose.schema", "../../shared/schemas/compose-spec.json"));
        assertThat(file)
                .as("the Compose Specification's schema (shared/schemas)")
                .isRegularFile();
        ObjectNode tree = (ObjectNode) JSON.readTree(Files.readString(file));
        // its $id is a bare file name, which the validator refuses as a base IRI; every $ref in it is local (#/...)
        tree.remove("$id");
        schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7).getSchema(tree);
    }

    @Test
    void theComposeFileFollowsTheComposeSpecification() {
        assertThat(errors(Project.compose().model())).isEmpty();
    }

    @Test
    void aMisspelledServiceKeyBreaksTheSpecification() {
        String broken = Project.composeText().replace("    healthcheck:\n", "    health_check:\n");
        assertThat(errors(ComposeFile.parse(broken, Project.envExample()).model()))
                .anySatisfy(error -> assertThat(error).contains("health_check"));
    }

    @Test
    void aHealthcheckWithoutItsTestListBreaksTheSpecification() {
        String broken = Project.composeText().replace("      interval: 10s\n", "      interval: [10s]\n");
        assertThat(errors(ComposeFile.parse(broken, Project.envExample()).model()))
                .anySatisfy(error -> assertThat(error).contains("interval"));
    }

    private static List<String> errors(Map<String, Object> model) {
        JsonNode document = JSON.valueToTree(model);
        return schema.validate(document).stream().map(Error::toString).toList();
    }
}
