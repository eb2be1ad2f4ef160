package dev.descheduler.collector.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.validation.ValidationBindHandler;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;

/** application.yml maps the webhook's environment variables of .env.example onto typed, validated keys. */
class WebhookPropertiesTest {

    private static WebhookProperties bind(Map<String, Object> env) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().remove(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME);
        environment.getPropertySources().addFirst(new MapPropertySource("env", env));
        new YamlPropertySourceLoader()
                .load("application", new ClassPathResource("application.yml"))
                .forEach(source -> environment.getPropertySources().addLast(source));
        LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
        validator.afterPropertiesSet();
        return Binder.get(environment)
                .bind("collector.webhook", Bindable.of(WebhookProperties.class), new ValidationBindHandler(validator))
                .get();
    }

    @Test
    void everyDefaultMatchesEnvExample() throws IOException {
        WebhookProperties p = bind(Map.of());

        assertThat(p.secret()).isEmpty();
        assertThat(p.hasSecret()).isFalse();
        assertThat(p.allowUnsigned()).isFalse();
        assertThat(p.ackTimeout()).isEqualTo(Duration.ofSeconds(8));
    }

    @Test
    void everyEnvironmentVariableReachesItsKey() throws IOException {
        WebhookProperties p = bind(Map.of("GITHUB_WEBHOOK_SECRET", "s3cret", "GITHUB_WEBHOOK_ACK_TIMEOUT_S", "5"));

        assertThat(p.secret()).isEqualTo("s3cret");
        assertThat(p.hasSecret()).isTrue();
        assertThat(p.ackTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(bind(Map.of("GITHUB_WEBHOOK_ALLOW_UNSIGNED", "true")).allowUnsigned())
                .isTrue();
    }

    @Test
    void refusesASecretTogetherWithAllowUnsigned() {
        assertThatThrownBy(() -> bind(Map.of("GITHUB_WEBHOOK_SECRET", "s", "GITHUB_WEBHOOK_ALLOW_UNSIGNED", "true")))
                .isInstanceOf(BindException.class)
                .hasStackTraceContaining("Field error in object 'collector.webhook' on field 'unambiguous'")
                .hasStackTraceContaining(
                        "GITHUB_WEBHOOK_ALLOW_UNSIGNED=true makes no sense with" + " GITHUB_WEBHOOK_SECRET set");
    }

    @Test
    void refusesAnAcknowledgementTimeoutGitHubWouldNotWaitFor() {
        assertThatThrownBy(() -> bind(Map.of("GITHUB_WEBHOOK_ACK_TIMEOUT_S", "10")))
                .isInstanceOf(BindException.class)
                .hasStackTraceContaining("on field 'ackTimeout'");
    }

    @Test
    void neverShowsTheSecret() throws IOException {
        assertThat(bind(Map.of("GITHUB_WEBHOOK_SECRET", "s3cret")).toString())
                .doesNotContain("s3cret")
                .contains("secret=<set>");
    }
}
